import { positiveFinite } from '../validate';
import { type CallContext, Tripper } from './tripper';

/**
 * True when the mean duration of the calls in the window reaches `ms` (failures included).
 *
 * @example
 * ```ts
 * new MinRequests(10).and(new AvgLatency(800));
 * ```
 */
export class AvgLatency extends Tripper {
  /** Mean duration in ms that trips. */
  readonly ms: number;

  constructor(ms: number) {
    super();
    this.ms = positiveFinite('AvgLatency', 'ms', ms);
  }

  evaluate(ctx: CallContext): boolean {
    const avg = ctx.metric.avgDuration;
    return avg !== null && avg >= this.ms;
  }

  override get usesDurations(): boolean {
    return true;
  }
}
