import { describeValue } from '@fluxgate/core';
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

/** prom-client's default buckets, in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

const OPTION_KEYS = ['name', 'registry', 'calls', 'buckets'];

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

function parseBuckets(value: unknown): readonly number[] {
  const rule = 'a non-empty array of finite numbers > 0 in increasing order';
  if (!Array.isArray(value)) fail('buckets', rule, value, true);
  if (value.length === 0) fail('buckets', rule, value, false);
  value.forEach((bound: unknown, i) => {
    if (typeof bound !== 'number') fail('buckets', rule, value, true);
    const previous = i === 0 ? 0 : (value[i - 1] as number);
    if (!Number.isFinite(bound) || bound <= previous) fail('buckets', rule, value, false);
  });
  return Object.freeze([...value]);
}

/** Checks the constructor's options; throws a TypeError or RangeError naming the option. */
export function parseOptions(options: unknown): ParsedOptions {
  if (options === null || typeof options !== 'object') {
    fail('options', 'an object with a name', options, true);
  }
  const opts = options as Record<string, unknown>;
  for (const key of Object.keys(opts)) {
    if (!OPTION_KEYS.includes(key)) {
      throw new TypeError(
        `PrometheusListener: unknown option ${describeValue(key)}; the options are ${OPTION_KEYS.join(', ')}`,
      );
    }
  }
  const { name, registry, calls, buckets } = opts;
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
    buckets: buckets === undefined ? undefined : parseBuckets(buckets),
  };
}
