import { inInterval } from '../validate';
import { type CallContext, Tripper } from './tripper';

/**
 * True when the share of failed calls in the window reaches `ratio`.
 *
 * @example
 * ```ts
 * new MinRequests(100).and(new FailureRate(0.5)); // the default closed-state rule
 * ```
 */
export class FailureRate extends Tripper {
  /** Failure share that trips, in (0, 1]. */
  readonly ratio: number;

  constructor(ratio: number) {
    super();
    this.ratio = inInterval('FailureRate', 'ratio', ratio, 0, 1, true, false);
  }

  evaluate(ctx: CallContext): boolean {
    const rate = ctx.metric.failureRate;
    return rate !== null && rate >= this.ratio;
  }
}
