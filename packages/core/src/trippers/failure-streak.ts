import { positiveInteger } from '../validate';
import { type CallContext, Tripper } from './tripper';

/**
 * True when the last `count` recorded calls all failed. The streak survives the window sliding
 * but is cleared when the circuit enters `half_open` or `closed`.
 *
 * @example
 * ```ts
 * // Open at once after five failures in a row, whatever the window says.
 * new FailureStreak(5).or(new MinRequests(100).and(new FailureRate(0.5)));
 * ```
 */
export class FailureStreak extends Tripper {
  /** Failures in a row that trip. */
  readonly count: number;

  constructor(count: number) {
    super();
    this.count = positiveInteger('FailureStreak', 'count', count);
  }

  evaluate(ctx: CallContext): boolean {
    return ctx.consecutiveFailures >= this.count;
  }
}
