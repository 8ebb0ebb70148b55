import type { Metric } from '../metric';
import type { State } from '../state';

/**
 * What a listener receives on every state transition (and on every manual control, even one
 * that leaves the state as it was).
 *
 * @example
 * ```ts
 * const listener = (signal: Signal) => {
 *   const rate = signal.metrics.failureRate;
 *   console.log(`${signal.oldState} -> ${signal.newState}`, rate === null ? '' : `${rate * 100}% failed`);
 * };
 * ```
 */
export interface Signal {
  /** The state before the transition. */
  readonly oldState: State;
  /** The state after the transition. */
  readonly newState: State;
  /** When the transition happened, in ms since the Unix epoch. */
  readonly timestamp: number;
  /** The window as it stood just before the transition cleared it: why the circuit moved. */
  readonly metrics: Metric;
  /** half_open -> open transitions since the circuit was last closed (after this transition). */
  readonly reopens: number;
  /**
   * Failures in a row just before the transition: says why a `FailureStreak` rule tripped
   * ("5 failures in a row") where the window's failure rate would not.
   */
  readonly consecutiveFailures: number;
  /**
   * `'local'` when this breaker's own call or control made the transition; `'fleet'` when it
   * adopted a transition another instance made through a shared store. Without a store every
   * signal is `'local'`. Count transitions and send alerts for `'local'` signals only, so a
   * fleet's incident is counted and announced once.
   */
  readonly origin: SignalOrigin;
}

/** Where a transition was made: by this breaker (`'local'`) or by another instance of its fleet. */
export type SignalOrigin = 'local' | 'fleet';

/** How one call ended, as reported to listeners that implement `onCall`. */
export type CallOutcome = 'success' | 'failure' | 'ignored' | 'rejected' | 'timeout';

/**
 * Every {@link CallOutcome}, in a fixed order (useful for metrics that keep one series per
 * outcome, and remove them all on close).
 *
 * @example
 * ```ts
 * for (const outcome of CALL_OUTCOMES) counter.remove({ circuit_name: name, outcome });
 * ```
 */
export const CALL_OUTCOMES: readonly CallOutcome[] = Object.freeze([
  'success',
  'failure',
  'ignored',
  'rejected',
  'timeout',
] as const);

/**
 * One call, reported after it settles to every listener that implements `onCall`.
 *
 * @example
 * ```ts
 * const listener = {
 *   notify() {},
 *   onCall(event: CallEvent) { histogram.observe({ outcome: event.outcome }, event.duration ?? 0); },
 * };
 * ```
 */
export interface CallEvent {
  /**
   * `success` / `failure` as recorded (a flagged result is a `failure`); `ignored` when the
   * tracker did not count the error or the caller aborted; `rejected` when the breaker did not
   * run the function; `timeout` when the call's timeout expired.
   */
  readonly outcome: CallOutcome;
  /** Duration in ms; `null` when the function did not run. */
  readonly duration: number | null;
  /** The state that handled the call. */
  readonly state: State;
}
