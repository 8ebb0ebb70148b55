import { type CallContext, Tripper } from './tripper';

/**
 * True while the circuit is `closed`: combine it to give a rule to the closed state only.
 *
 * @example
 * ```ts
 * new Closed().and(new FailureRate(0.5)).or(new HalfOpened().and(new FailureStreak(2)));
 * ```
 */
export class Closed extends Tripper {
  evaluate(ctx: CallContext): boolean {
    return ctx.state === 'closed';
  }
}
