import { checkOptions, greaterThan, inInterval, invalid, positiveFinite } from '../validate';
import { jitter, Retry } from './retry';

/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** The first wait in ms. */
  initial: number;
  /** Growth per reopen, > 1 (default 2). */
  multiplier?: number | undefined;
  /** The longest wait in ms, >= initial (default 300_000, or `initial` if that is longer). */
  maxDuration?: number | undefined;
  /** Spread of the wait: a uniform factor in [1 - jitterRatio, 1 + jitterRatio]; in [0, 1). */
  jitterRatio?: number | undefined;
}

/**
 * Waits longer each time a probe fails: `min(initial * multiplier ** reopens, maxDuration)`,
 * where `reopens` counts half_open -> open transitions since the circuit was last closed.
 *
 * @example
 * ```ts
 * // 10 s, 20 s, 40 s ... at most 5 minutes, each ±10%.
 * new Backoff({ initial: 10_000, maxDuration: 300_000, jitterRatio: 0.1 });
 * ```
 */
export class Backoff extends Retry {
  /** The first wait in ms. */
  readonly initial: number;
  /** Growth per reopen. */
  readonly multiplier: number;
  /** The longest wait in ms (before jitter). */
  readonly maxDuration: number;
  /** Spread of the wait, in [0, 1). */
  readonly jitterRatio: number;

  constructor(options: BackoffOptions) {
    super();
    const opts = checkOptions(
      'Backoff',
      'options',
      options,
      ['initial', 'multiplier', 'maxDuration', 'jitterRatio'],
      'an object with at least { initial }',
    );
    this.initial = positiveFinite('Backoff', 'initial', opts.initial);
    this.multiplier =
      opts.multiplier === undefined ? 2 : greaterThan('Backoff', 'multiplier', opts.multiplier, 1);
    this.maxDuration =
      opts.maxDuration === undefined
        ? Math.max(300_000, this.initial)
        : positiveFinite('Backoff', 'maxDuration', opts.maxDuration);
    if (this.maxDuration < this.initial) {
      invalid('Backoff', 'maxDuration', `>= initial (${this.initial})`, this.maxDuration);
    }
    this.jitterRatio =
      opts.jitterRatio === undefined
        ? 0
        : inInterval('Backoff', 'jitterRatio', opts.jitterRatio, 0, 1, false, true);
  }

  delay(reopens: number, random: () => number): number {
    const wait = Math.min(this.initial * this.multiplier ** reopens, this.maxDuration);
    return jitter(wait, this.jitterRatio, random);
  }
}
