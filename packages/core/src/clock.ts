import { isEpochInRange } from './render';

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

/**
 * A breaker's time: the injected monotonic clock, sanitised, plus the conversion of its readings
 * to epoch ms. Durations and deadlines stay monotonic; the wall clock is read again at every
 * transition ({@link stamp}), so epoch times follow a wall-clock step or a host suspend from the
 * next transition on instead of carrying an offset fixed at construction.
 *
 * @internal
 */
export class BreakerClock {
  readonly #clock: Clock;
  /** The built-in clock is monotonic and finite: its readings need no sanitising. */
  readonly #trusted: boolean;
  readonly #report: (error: unknown) => void;
  #last: number;
  #skew = 0;
  /** Epoch ms minus monotonic ms, as of the last {@link stamp}. */
  #offset: number;

  /** Whether this is the built-in `performance.now()` clock, the one timers run on. */
  get trusted(): boolean {
    return this.#trusted;
  }

  constructor(clock: Clock, report: (error: unknown) => void) {
    this.#clock = clock;
    this.#trusted = clock === monotonicClock;
    this.#report = report;
    const now = this.#read(0);
    // Only a clock that needs sanitising reads #last; 0 keeps it a small integer, not a boxed
    // double, for the default clock.
    this.#last = this.#trusted ? 0 : now;
    this.#offset = Date.now() - now;
  }

  /**
   * Monotonic ms, sanitised: a clock that steps back, stalls or returns NaN (or throws) never
   * moves the breaker's time backwards, so it can neither stretch an open circuit's wait by the
   * size of the step nor trip anything spuriously. After a step back, time continues from where
   * it was.
   */
  now(): number {
    if (this.#trusted) return monotonicNow();
    const raw = this.#read(this.#last - this.#skew);
    const t = raw + this.#skew;
    if (t >= this.#last) {
      this.#last = t;
      return t;
    }
    // Stepped back: shift the clock so it goes on from the last reading.
    if (Number.isFinite(raw)) this.#skew += this.#last - t;
    return this.#last;
  }

  /** Reads the wall clock again, pairing it with the monotonic reading `now`. */
  stamp(now: number): void {
    const wall = Date.now();
    // A wall clock outside Date's range (a broken host) keeps the previous pairing.
    if (isEpochInRange(wall)) this.#offset = wall - now;
  }

  /**
   * Epoch ms of a monotonic time, rounded to whole ms like `Date.now()`. A time outside `Date`'s
   * range (a huge retry delay) is ±Infinity, so every later conversion to a `Date` or text can
   * test `Number.isFinite` instead of throwing; a `retryAt` of Infinity reads as "never".
   */
  toEpoch(monotonic: number): number {
    const epoch = Math.round(this.#offset + monotonic);
    if (isEpochInRange(epoch)) return epoch;
    return epoch < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }

  /** The monotonic time of an epoch time (a restored snapshot's). */
  fromEpoch(epoch: number): number {
    return epoch - this.#offset;
  }

  #read(fallback: number): number {
    try {
      const t = this.#clock.now();
      // Beyond ±2^53 ms a reading has lost its milliseconds (and would poison the step-back
      // correction for good): treat it like NaN.
      return typeof t === 'number' && Math.abs(t) <= Number.MAX_SAFE_INTEGER ? t : fallback;
    } catch (error) {
      this.#report(error);
      return fallback;
    }
  }
}
