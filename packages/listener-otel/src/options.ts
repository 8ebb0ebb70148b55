import { checkBuckets, checkOptions, describeValue } from '@fluxgate/core';
import type { MeterProvider } from '@opentelemetry/api';

/**
 * Options of {@link OtelListener}.
 *
 * @example
 * ```ts
 * const options: OtelListenerOptions = {
 *   name: 'payments',
 *   meterProvider: provider, // an SDK MeterProvider; default: the global one
 *   buckets: [0.01, 0.05, 0.1, 0.5, 1, 5],
 * };
 * ```
 */
export interface OtelListenerOptions {
  /** The circuit's name: the `circuit_name` attribute of every data point. Unique per provider. */
  name: string;
  /**
   * Where the meter comes from. Default: the global provider of `@opentelemetry/api`
   * (`metrics.getMeterProvider()`), read when the listener is constructed, so register the SDK
   * before creating listeners.
   */
  meterProvider?: MeterProvider | undefined;
  /**
   * Publish call metrics: the calls counter, the call-duration histogram and the failure-rate
   * and window-calls gauges. Default `true`. With `false` the listener takes no call events, so
   * the breaker does not measure durations for it.
   */
  calls?: boolean | undefined;
  /**
   * Upper bounds (seconds) of the call-duration histogram's buckets, increasing, given to the SDK
   * as explicit bucket advice (a `View` overrides it). Default listener-prometheus's
   * `[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]`. The first listener of a meter
   * fixes them.
   */
  buckets?: readonly number[] | undefined;
}

/** listener-prometheus's default buckets (prom-client's), in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

const OPTION_KEYS = ['name', 'meterProvider', 'calls', 'buckets'] as const;

/** Options after validation. */
export interface ParsedOptions {
  readonly name: string;
  readonly meterProvider: MeterProvider | undefined;
  readonly calls: boolean;
  readonly buckets: readonly number[];
}

function fail(param: string, rule: string, value: unknown, type: boolean): never {
  const message = `OtelListener: ${param} must be ${rule}, got ${describeValue(value)}`;
  throw type ? new TypeError(message) : new RangeError(message);
}

/** A MeterProvider of any copy of the API or SDK (so no `instanceof`). */
function isMeterProvider(value: unknown): value is MeterProvider {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { getMeter?: unknown }).getMeter === 'function'
  );
}

/** Durations are recorded in ticks of 2^-24 s; a bucket narrower than a few ticks could hold none. */
const MIN_BUCKET_WIDTH = 1e-6;

/** Checks the constructor's options; throws a TypeError or RangeError naming the option. */
export function parseOptions(options: unknown): ParsedOptions {
  const { name, meterProvider, calls, buckets } = checkOptions(
    'OtelListener',
    'options',
    options,
    OPTION_KEYS,
    'an object with a name',
  );
  if (typeof name !== 'string' || name.length === 0) {
    fail('name', 'a non-empty string', name, true);
  }
  if (meterProvider !== undefined && !isMeterProvider(meterProvider)) {
    fail('meterProvider', 'an OpenTelemetry MeterProvider', meterProvider, true);
  }
  if (calls !== undefined && typeof calls !== 'boolean') fail('calls', 'a boolean', calls, true);
  return {
    name,
    meterProvider,
    calls: calls ?? true,
    buckets:
      buckets === undefined
        ? DEFAULT_BUCKETS
        : checkBuckets('OtelListener', 'buckets', buckets, MIN_BUCKET_WIDTH),
  };
}
