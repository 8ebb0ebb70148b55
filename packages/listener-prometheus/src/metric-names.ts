/**
 * The names of every metric {@link PrometheusListener} exports. The first two match the Python
 * fluxgate library, so dashboards and alerts written for one work for the other.
 *
 * @example
 * ```ts
 * import { METRIC_NAMES } from '@fluxgate/listener-prometheus';
 *
 * const openCircuits = `sum(${METRIC_NAMES.state}{state="open"})`;
 * ```
 */
export const METRIC_NAMES = Object.freeze({
  /** Gauge `{circuit_name, state}`: 1 for the current state, 0 for the other five. */
  state: 'circuit_breaker_state',
  /** Counter `{circuit_name, old_state, new_state}`: one per transition (and manual control). */
  transitions: 'circuit_breaker_state_transition_total',
  /** Counter `{circuit_name, outcome}`: calls by outcome. */
  calls: 'circuit_breaker_calls_total',
  /** Histogram `{circuit_name, outcome}`: durations of calls that ran, in seconds. */
  callDuration: 'circuit_breaker_call_duration_seconds',
  /** Gauge `{circuit_name}`: failure rate of the current window (absent while it is empty). */
  failureRate: 'circuit_breaker_failure_rate',
  /** Gauge `{circuit_name}`: calls in the current window. */
  windowCalls: 'circuit_breaker_window_calls',
} as const);
