/**
 * The OpenTelemetry instrument names {@link OtelListener} creates. Through
 * `@opentelemetry/exporter-prometheus` they become exactly the series names of
 * `@fluxgate/listener-prometheus` (dots turn into underscores and counters gain `_total`), so
 * its Grafana dashboard and alert rules work with either listener. Use them to select the
 * instruments in an SDK `View`.
 *
 * The duration histogram carries its unit in its name (`_seconds`) although OpenTelemetry's
 * naming guidance says not to: exporter-prometheus 0.2xx does not append unit suffixes, and the
 * Prometheus series must be named `circuit_breaker_call_duration_seconds`. Exporters that do
 * append them skip a suffix the name already has.
 *
 * @example
 * ```ts
 * import { INSTRUMENT_NAMES } from '@fluxgate/listener-otel';
 * import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
 *
 * const provider = new MeterProvider({
 *   views: [{
 *     instrumentName: INSTRUMENT_NAMES.callDuration,
 *     aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0.1, 1] } },
 *   }],
 * });
 * ```
 */
export const INSTRUMENT_NAMES = Object.freeze({
  /** Observable gauge `{circuit_name, state}`: 1 for the current state, 0 for the other five. */
  state: 'circuit_breaker.state',
  /** Counter `{circuit_name, old_state, new_state}`: the breaker's own transitions. */
  transitions: 'circuit_breaker.state_transition',
  /** Observable counter `{circuit_name, outcome}`: calls by outcome. */
  calls: 'circuit_breaker.calls',
  /** Histogram `{circuit_name, outcome}`: durations of the calls that ran, in seconds. */
  callDuration: 'circuit_breaker.call_duration_seconds',
  /** Observable gauge `{circuit_name}`: failure rate (0 to 1) of the current window. */
  failureRate: 'circuit_breaker.failure_rate',
  /** Observable gauge `{circuit_name}`: calls in the current window. */
  windowCalls: 'circuit_breaker.window_calls',
} as const);
