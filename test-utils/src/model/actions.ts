import fc from 'fast-check';
import type { Outcome } from './reference-model';

/** A manual control and the state it leads to. */
export type ControlTarget = 'closed' | 'disabled' | 'metrics_only' | 'forced_open';

/**
 * One step of a random sequence:
 * - `call`: a call that ends with `outcome` after `duration` ms of clock (negative: the clock
 *   steps back while it runs); with `hold`, an async call stays in flight until a `settle`;
 * - `settle`: the in-flight call at `pick` (modulo how many there are) ends;
 * - `advance`: the clock moves by `ms` (backwards, a little or a lot, or a huge jump forwards);
 * - `control`: `reset()`, `disable()`, `metricsOnly()` or `forceOpen()`.
 *
 * @example
 * ```ts
 * const steps: Action[] = [{ kind: 'call', outcome: 'failure', duration: 5, hold: false }];
 * ```
 */
export type Action =
  | {
      readonly kind: 'call';
      readonly outcome: Outcome;
      readonly duration: number;
      readonly hold: boolean;
    }
  | { readonly kind: 'settle'; readonly pick: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'control'; readonly to: ControlTarget };

const outcomeArb: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('success' as const) },
  { weight: 1, arbitrary: fc.constant('flagged' as const) },
  { weight: 4, arbitrary: fc.constant('failure' as const) },
  { weight: 1, arbitrary: fc.constant('ignored' as const) },
);

/** Call durations: mostly short, some past every latency threshold, a few clock steps back. */
const durationArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0, 1, 5, 20) },
  { weight: 3, arbitrary: fc.constantFrom(60, 150, 400) },
  { weight: 1, arbitrary: fc.integer({ min: -100, max: -1 }) },
);

/**
 * Clock moves: forwards, backwards a little or a lot, or a jump of about eleven days.
 *
 * @example
 * ```ts
 * const moves = fc.sample(advanceArb, 5); // e.g. [{ kind: 'advance', ms: 42 }, ...]
 * ```
 */
export const advanceArb: fc.Arbitrary<Action> = fc
  .oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 150 }) },
    { weight: 2, arbitrary: fc.integer({ min: -200, max: -1 }) },
    { weight: 1, arbitrary: fc.constantFrom(-1e9, 1e9) },
  )
  .map((ms) => ({ kind: 'advance' as const, ms }));

/**
 * Manual controls: `reset()`, `disable()`, `metricsOnly()`, `forceOpen()`.
 *
 * @example
 * ```ts
 * const steps = fc.array(fc.oneof(advanceArb, controlArb));
 * ```
 */
export const controlArb: fc.Arbitrary<Action> = fc
  .constantFrom<ControlTarget>('closed', 'disabled', 'metrics_only', 'forced_open')
  .map((to) => ({ kind: 'control' as const, to }));

// Tuples mapped to objects: much cheaper to generate than fc.record over millions of steps.
const callArb = (hold: fc.Arbitrary<boolean>): fc.Arbitrary<Action> =>
  fc
    .tuple(outcomeArb, durationArb, hold)
    .map(([outcome, duration, hold]) => ({ kind: 'call' as const, outcome, duration, hold }));

/**
 * Steps for the sync breaker: calls that end before the next step, clock moves, controls.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(modelConfigArb, fc.array(syncActionArb), fc.integer(), checkSync));
 * ```
 */
export const syncActionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 10, arbitrary: callArb(fc.constant(false)) },
  { weight: 3, arbitrary: advanceArb },
  { weight: 1, arbitrary: controlArb },
);

/**
 * Steps for the async breaker: as for the sync one, plus calls held in flight and settled later
 * in random order, across transitions.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(modelConfigArb, fc.array(asyncActionArb), fc.integer(), checkAsync));
 * ```
 */
export const asyncActionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 10, arbitrary: callArb(fc.boolean()) },
  {
    weight: 5,
    arbitrary: fc.nat({ max: 1000 }).map((pick) => ({ kind: 'settle' as const, pick })),
  },
  { weight: 3, arbitrary: advanceArb },
  { weight: 1, arbitrary: controlArb },
);
