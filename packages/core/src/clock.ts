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
 * The default clock. It looks `performance` up on every reading, so jest's fake timers (which
 * replace `performance.now`) also drive breakers created before the timers were faked.
 */
export const monotonicClock: Clock = {
  now: () => performance.now(),
};
