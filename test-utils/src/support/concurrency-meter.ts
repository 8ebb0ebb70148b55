/**
 * Counts how many calls are running inside a protected function at once, and the most there
 * ever were: the half_open probe cap observed from the outside, through behaviour only.
 *
 * @example
 * ```ts
 * const meter = new ConcurrencyMeter();
 * const probe = () => meter.during(gate.promise);
 * await Promise.allSettled([breaker.call(probe), breaker.call(probe)]);
 * meter.max; // at most maxHalfOpenCalls while half_open
 * ```
 */
export class ConcurrencyMeter {
  /** Calls inside the function now. */
  running = 0;
  /** The most that were inside at once. */
  max = 0;
  /** Calls that ever entered. */
  entered = 0;

  /** Marks a call as running until `work` settles, and returns `work`. */
  async during<T>(work: Promise<T>): Promise<T> {
    this.running++;
    this.entered++;
    if (this.running > this.max) this.max = this.running;
    try {
      return await work;
    } finally {
      this.running--;
    }
  }
}
