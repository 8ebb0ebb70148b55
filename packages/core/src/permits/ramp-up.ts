import { checkOptions, inInterval, invalid, positiveFinite } from '../validate';
import { Permit } from './permit';

/** Options of {@link RampUp}. */
export interface RampUpOptions {
  /** Share admitted when half_open begins, in (0, 1]. */
  initial: number;
  /** Share admitted from `duration` on, in [initial, 1]. */
  final: number;
  /** Time in ms over which the share grows linearly. */
  duration: number;
}

/**
 * Admits a share of half_open calls that grows linearly from `initial` to `final` over
 * `duration` ms, then stays at `final`: traffic returns to a recovering dependency gradually.
 * The default permit is `new RampUp({ initial: 0.1, final: 1, duration: 60_000 })`.
 *
 * @example
 * ```ts
 * // 10% at first, 80% after a minute: at 15 s it admits 27.5% of calls.
 * new RampUp({ initial: 0.1, final: 0.8, duration: 60_000 });
 * ```
 */
export class RampUp extends Permit {
  /** Share admitted when half_open begins. */
  readonly initial: number;
  /** Share admitted from `duration` on. */
  readonly final: number;
  /** Time in ms over which the share grows. */
  readonly duration: number;

  constructor(options: RampUpOptions) {
    super();
    const opts = checkOptions(
      'RampUp',
      'options',
      options,
      ['initial', 'final', 'duration'],
      'an object { initial, final, duration }',
    );
    this.initial = inInterval('RampUp', 'initial', opts.initial, 0, 1, true, false);
    this.final = inInterval('RampUp', 'final', opts.final, 0, 1, true, false);
    if (this.final < this.initial) {
      invalid('RampUp', 'final', `>= initial (${this.initial})`, this.final);
    }
    this.duration = positiveFinite('RampUp', 'duration', opts.duration);
  }

  /** The share admitted `elapsedMs` after half_open began. */
  ratioAt(elapsedMs: number): number {
    if (!(elapsedMs > 0)) return this.initial;
    if (elapsedMs >= this.duration) return this.final;
    return this.initial + ((this.final - this.initial) * elapsedMs) / this.duration;
  }

  admit(elapsedMs: number, random: () => number): boolean {
    return random() < this.ratioAt(elapsedMs);
  }
}
