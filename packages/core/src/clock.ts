/**
 * A monotonic clock in milliseconds. Only differences between readings matter; the default is
 * `performance.now()`. Inject one in tests to move time by hand.
 *
 * @example
 * ```ts
 * let now = 0;
 * const breaker = new CircuitBreaker({ clock: { now: () => now } });
 * now += 60_000; // the cooldown has passed
 * ```
 */
export interface Clock {
  /** The current time in milliseconds on a clock that does not jump with the wall clock. */
  now(): number;
}

/**
 * `performance.now()`, for the breaker's hot path. `performance` is looked up on every reading
 * (not held) so that jest's fake timers, which replace the global, also drive breakers created
 * before the timers were faked.
 */
export function monotonicNow(): number {
  return performance.now();
}

/** The default clock: `performance.now()`. */
export const monotonicClock: Clock = {
  now: monotonicNow,
};
