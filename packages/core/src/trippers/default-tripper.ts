import { FailureRate } from './failure-rate';
import { FailureStreak } from './failure-streak';
import { HalfOpened } from './half-opened';
import { MinRequests } from './min-requests';
import { type CallContext, Tripper } from './tripper';

/**
 * The default tripper of SPEC §4, `new HalfOpened().and(new FailureStreak(1)).or(new
 * MinRequests(100).and(new FailureRate(0.5)))`, as one rule: the same verdicts, reading the
 * context in the same order, and the same tree from {@link children}. Most breakers run it, and
 * the composed tree makes six `evaluate` calls per call: one function keeps a breaker's whole
 * call path within what V8 inlines (see `state-machine.ts`).
 *
 * @internal
 */
export class DefaultTripper extends Tripper {
  readonly #tree: Tripper = new HalfOpened()
    .and(new FailureStreak(1))
    .or(new MinRequests(100).and(new FailureRate(0.5)));

  evaluate(ctx: CallContext): boolean {
    // In half_open one counted failure reopens; otherwise half of at least 100 calls failing.
    if (ctx.state === 'half_open' && ctx.consecutiveFailures >= 1) return true;
    const metric = ctx.metric;
    if (!(metric.totalCount >= 100)) return false;
    const rate = metric.failureRate;
    return rate !== null && rate >= 0.5;
  }

  override children(): readonly Tripper[] {
    return this.#tree.children();
  }
}
