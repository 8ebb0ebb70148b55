import { positiveInteger } from '../validate';
import { type CallContext, Tripper } from './tripper';

/**
 * True once the window holds at least `count` calls; guards rate rules against tiny samples.
 *
 * @example
 * ```ts
 * new MinRequests(20).and(new FailureRate(0.5));
 * ```
 */
export class MinRequests extends Tripper {
  /** Calls the window must hold. */
  readonly count: number;

  constructor(count: number) {
    super();
    this.count = positiveInteger('MinRequests', 'count', count);
  }

  evaluate(ctx: CallContext): boolean {
    return ctx.metric.totalCount >= this.count;
  }
}
