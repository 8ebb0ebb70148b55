import { type CallContext, Tripper } from './tripper';

/**
 * True while the circuit is `half_open`: combine it to give a rule to the probes only.
 *
 * @example
 * ```ts
 * // Any failed probe reopens the circuit.
 * new HalfOpened().and(new FailureStreak(1));
 * ```
 */
export class HalfOpened extends Tripper {
  evaluate(ctx: CallContext): boolean {
    return ctx.state === 'half_open';
  }
}
