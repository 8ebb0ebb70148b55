import { checkBuckets, checkOptions, describeValue } from '@fluxgate/core';
import type { Registry } from 'prom-client';

/**
 * What the listener needs of a prom-client `Registry`: any registry fits, whichever content
 * type (Prometheus text or OpenMetrics) and whichever copy of prom-client made it.
 *
 * @example
 * ```ts
 * const registry: MetricsRegistry = new Registry();
 * ```
 */
export type MetricsRegistry = Pick<Registry, 'getSingleMetric' | 'registerMetric' | 'metrics'>;

/**
 * Options of {@link PrometheusListener}.
 *
 * @example
 * ```ts
 * const options: PrometheusListenerOptions = {
 *   name: 'payments',
 *   registry: new Registry(),
 *   buckets: [0.01, 0.05, 0.1, 0.5, 1, 5],
 * };
 * ```
 */
export interface PrometheusListenerOptions {
  /** The circuit's name: the `circuit_name` label of every series. Unique per registry. */
  name: string;
  /** Where the metrics live. Default: prom-client's global `register`. */
  registry?: MetricsRegistry | undefined;
  /**
   * Publish call metrics: the calls counter, the call-duration histogram and the failure-rate
   * and window-calls gauges. Default `true`. With `false` the listener takes no call events, so
   * the breaker does not measure durations for it.
   */
  calls?: boolean | undefined;
  /**
   * Upper bounds (seconds) of the call-duration histogram's buckets, increasing. Default
   * prom-client's `[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]`. The histogram is
   * shared by the listeners of a registry, so the first listener that creates it fixes them.
   */
  buckets?: readonly number[] | undefined;
}

const OPTION_KEYS = ['name', 'registry', 'calls', 'buckets'] as const;

/** Options after validation. */
export interface ParsedOptions {
  readonly name: string;
  readonly registry: MetricsRegistry | undefined;
  readonly calls: boolean;
  readonly buckets: readonly number[] | undefined;
}

function fail(param: string, rule: string, value: unknown, type: boolean): never {
  const message = `PrometheusListener: ${param} must be ${rule}, got ${describeValue(value)}`;
  throw type ? new TypeError(message) : new RangeError(message);
}

/** A prom-client `Registry` from any copy of prom-client (so no `instanceof`). */
function isRegistry(value: unknown): value is MetricsRegistry {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.registerMetric === 'function' &&
    typeof candidate.getSingleMetric === 'function' &&
    typeof candidate.metrics === 'function'
  );
}

/** Checks the constructor's options; throws a TypeError or RangeError naming the option. */
export function parseOptions(options: unknown): ParsedOptions {
  const { name, registry, calls, buckets } = checkOptions(
    'PrometheusListener',
    'options',
    options,
    OPTION_KEYS,
    'an object with a name',
  );
  if (typeof name !== 'string' || name.length === 0) {
    fail('name', 'a non-empty string', name, true);
  }
  if (registry !== undefined && !isRegistry(registry)) {
    fail('registry', 'a prom-client Registry', registry, true);
  }
  if (calls !== undefined && typeof calls !== 'boolean') fail('calls', 'a boolean', calls, true);
  return {
    name,
    registry,
    calls: calls ?? true,
    buckets:
      buckets === undefined ? undefined : checkBuckets('PrometheusListener', 'buckets', buckets),
  };
}
