import type { Metric } from '../metric';
import { STATES, type State } from '../state';
import { lcg } from '../testing/test-kit';
import { DefaultTripper } from './default-tripper';
import { FailureRate } from './failure-rate';
import { FailureStreak } from './failure-streak';
import { HalfOpened } from './half-opened';
import { MinRequests } from './min-requests';
import type { CallContext, Tripper } from './tripper';

// The default tripper is one function for speed; SPEC §4 defines it as a composition. They must
// never disagree, and it must look like the composition to anything that walks the tree.
const composed = new HalfOpened()
  .and(new FailureStreak(1))
  .or(new MinRequests(100).and(new FailureRate(0.5)));

/** A metric that records which of its fields a rule reads, in order. */
function metric(totalCount: number, failureRate: number | null, reads: string[]): Metric {
  return {
    get totalCount() {
      reads.push('totalCount');
      return totalCount;
    },
    get failureRate() {
      reads.push('failureRate');
      return failureRate;
    },
    failureCount: 0,
    totalDuration: 0,
    avgDuration: null,
    slowCounts: new Map(),
    slowRate: () => null,
  } as unknown as Metric;
}

function context(
  state: State,
  total: number,
  rate: number | null,
  streak: number,
  reads: string[],
) {
  return { metric: metric(total, rate, reads), state, consecutiveFailures: streak } as CallContext;
}

describe('DefaultTripper', () => {
  test('gives the composed tree’s verdict, reading the metric in the same order', () => {
    const random = lcg(12);
    const tripper = new DefaultTripper();
    const totals = [0, 1, 99, 100, 101, 1_000];
    const rates = [null, 0, 0.25, 0.4999, 0.5, 0.75, 1];
    for (let i = 0; i < 2_000; i++) {
      const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
      const state = pick(STATES);
      const total = pick(totals);
      const rate = pick(rates);
      const streak = pick([0, 1, 2, 7]);
      const expectedReads: string[] = [];
      const actualReads: string[] = [];
      const expected = composed.evaluate(context(state, total, rate, streak, expectedReads));
      const actual = tripper.evaluate(context(state, total, rate, streak, actualReads));
      expect({ state, total, rate, streak, verdict: actual, reads: actualReads }).toEqual({
        state,
        total,
        rate,
        streak,
        verdict: expected,
        reads: expectedReads,
      });
    }
  });

  test('has the composed tree’s shape, thresholds and no latency rule', () => {
    const shape = (t: Tripper): unknown => [t.constructor.name, t.children().map(shape)];
    expect(new DefaultTripper().children().map(shape)).toEqual(composed.children().map(shape));
    expect(new DefaultTripper().slowThresholds).toEqual([]);
    const walk = (t: Tripper): Tripper[] => [t, ...t.children().flatMap(walk)];
    expect(walk(new DefaultTripper()).some((t) => t.usesDurations)).toBe(false);
  });
});
