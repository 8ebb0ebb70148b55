/**
 * A clock that returns whatever it is told to, including what no clock should: NaN, Infinity,
 * a string, undefined; or throws. `reading` is returned as is; set `fault` to make it throw.
 *
 * @example
 * ```ts
 * const clock = new FaultyClock();
 * const breaker = new CircuitBreaker({ clock });
 * clock.reading = Number.NaN;   // a broken reading
 * clock.set(5_000);             // a good one again
 * ```
 */
export class FaultyClock {
  reading: unknown = 0;
  /** When set, `now()` throws it. */
  fault: { value: unknown } | null = null;
  /** How many times the breaker read the clock. */
  reads = 0;

  now = (): number => {
    this.reads++;
    if (this.fault !== null) throw this.fault.value;
    return this.reading as number;
  };

  /** A good reading. */
  set(ms: number): void {
    this.fault = null;
    this.reading = ms;
  }

  /** Moves a good reading by `ms`. */
  advance(ms: number): void {
    this.set((this.reading as number) + ms);
  }
}
