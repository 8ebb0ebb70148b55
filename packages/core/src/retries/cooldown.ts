import { checkOptions, inInterval, positiveFinite } from '../validate';
import { jitter, Retry } from './retry';

/** Options of {@link Cooldown}. */
export interface CooldownOptions {
  /** Spread of the wait: a uniform factor in [1 - jitterRatio, 1 + jitterRatio]; in [0, 1). */
  jitterRatio?: number | undefined;
}

/**
 * Waits the same time after every opening (the default retry is `new Cooldown(60_000)`).
 *
 * @example
 * ```ts
 * // 30 s, give or take 20%, so a fleet of instances does not probe in lockstep.
 * new Cooldown(30_000, { jitterRatio: 0.2 });
 * ```
 */
export class Cooldown extends Retry {
  /** The wait in ms before jitter. */
  readonly ms: number;
  /** Spread of the wait, in [0, 1). */
  readonly jitterRatio: number;

  constructor(ms: number, options?: CooldownOptions) {
    super();
    this.ms = positiveFinite('Cooldown', 'ms', ms);
    const { jitterRatio } = checkOptions('Cooldown', 'options', options, ['jitterRatio']);
    this.jitterRatio =
      jitterRatio === undefined
        ? 0
        : inInterval('Cooldown', 'jitterRatio', jitterRatio, 0, 1, false, true);
  }

  delay(_reopens: number, random: () => number): number {
    return jitter(this.ms, this.jitterRatio, random);
  }
}
