import type { Metric } from '../metric';
import type { State } from '../state';

/**
 * A breaker's state and window at one moment, from `info()`.
 *
 * @example
 * ```ts
 * const { state, retryAt, metrics } = breaker.info();
 * console.log(state, metrics.failureRate, retryAt && new Date(retryAt));
 * ```
 */
export interface CircuitBreakerInfo {
  /** The current state. */
  readonly state: State;
  /** Epoch ms of the last transition (or of construction). */
  readonly changedAt: number;
  /** half_open -> open transitions since the circuit was last closed. */
  readonly reopens: number;
  /** Epoch ms at which an open circuit admits a probe; `null` unless open; `Infinity` for `Never`. */
  readonly retryAt: number | null;
  /** The current window. */
  readonly metrics: Metric;
}
