/**
 * A clock moved by hand, for the `clock` option of a breaker.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const breaker = new CircuitBreaker({ clock });
 * clock.advance(60_000);
 * ```
 */
export class ManualClock {
  /** The current reading in ms. */
  t = 0;
  now = (): number => this.t;
  /** Moves the clock by `ms` (negative: backwards). */
  advance(ms: number): void {
    this.t += ms;
  }
}
