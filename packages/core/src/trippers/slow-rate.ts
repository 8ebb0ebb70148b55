import { checkOptions, inInterval, positiveFinite } from '../validate';
import { type CallContext, Tripper } from './tripper';

/** Options of {@link SlowRate}. */
export interface SlowRateOptions {
  /** A call is slow when its duration reaches this many ms. */
  threshold: number;
}

/**
 * True when the share of slow calls (duration `>=` `threshold` ms) in the window reaches
 * `ratio`. Successful calls count too, so a brownout that answers slowly but correctly trips
 * the circuit. Any number of SlowRate rules with different thresholds may share one tree.
 *
 * @example
 * ```ts
 * new MinRequests(20).and(new SlowRate(0.3, { threshold: 1_000 }));
 * ```
 */
export class SlowRate extends Tripper {
  /** Slow share that trips, in (0, 1]. */
  readonly ratio: number;
  /** Duration in ms from which a call is slow. */
  readonly threshold: number;
  private readonly thresholds: readonly number[];

  constructor(ratio: number, options: SlowRateOptions) {
    super();
    this.ratio = inInterval('SlowRate', 'ratio', ratio, 0, 1, true, false);
    const { threshold } = checkOptions('SlowRate', 'options', options, ['threshold']);
    this.threshold = positiveFinite('SlowRate', 'threshold', threshold);
    this.thresholds = Object.freeze([this.threshold]);
  }

  evaluate(ctx: CallContext): boolean {
    const rate = ctx.metric.slowRate(this.threshold);
    return rate !== null && rate >= this.ratio;
  }

  override get usesDurations(): boolean {
    return true;
  }

  override get slowThresholds(): readonly number[] {
    return this.thresholds;
  }
}
