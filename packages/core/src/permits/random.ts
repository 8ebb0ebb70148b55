import { inInterval } from '../validate';
import { Permit } from './permit';

/**
 * Admits each half_open call with probability `ratio`.
 *
 * @example
 * ```ts
 * new CircuitBreaker({ permit: new Random(0.25) });
 * ```
 */
export class Random extends Permit {
  /** Share of calls admitted, in [0, 1]. */
  readonly ratio: number;

  constructor(ratio: number) {
    super();
    this.ratio = inInterval('Random', 'ratio', ratio, 0, 1, false, false);
  }

  admit(_elapsedMs: number, random: () => number): boolean {
    return random() < this.ratio;
  }
}
