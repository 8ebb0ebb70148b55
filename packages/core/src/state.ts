/**
 * The state of a circuit breaker. The string values are part of the contract: they are the
 * Prometheus `state` label, the log fields and the Slack text.
 *
 * - `closed`: calls run and are recorded; the tripper may open the circuit.
 * - `open`: calls are rejected with {@link CallNotPermittedError} until the retry time.
 * - `half_open`: a few probe calls run (the permit decides which); they close or reopen it.
 * - `metrics_only`: calls run and are recorded, but the circuit never trips.
 * - `disabled`: calls run untouched; nothing is recorded.
 * - `forced_open`: every call is rejected until `reset()`.
 *
 * @example
 * ```ts
 * if (breaker.info().state === 'open') console.warn('payments are failing fast');
 * ```
 */
export type State = 'closed' | 'open' | 'half_open' | 'metrics_only' | 'disabled' | 'forced_open';

/**
 * Every {@link State}, in a fixed order (useful for metrics that publish one series per state).
 *
 * @example
 * ```ts
 * for (const state of STATES) gauge.set({ state }, state === current ? 1 : 0);
 * ```
 */
export const STATES: readonly State[] = Object.freeze([
  'closed',
  'open',
  'half_open',
  'metrics_only',
  'disabled',
  'forced_open',
] as const);

/** Whether `value` is one of the six {@link State} strings. */
export function isState(value: unknown): value is State {
  return typeof value === 'string' && (STATES as readonly string[]).includes(value);
}
