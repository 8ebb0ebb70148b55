import { CircuitBreaker } from '../breaker/circuit-breaker';
import { MetricSnapshot } from '../metric';
import type { State } from '../state';
import { AvgLatency } from './avg-latency';
import { Closed } from './closed';
import { FailureRate } from './failure-rate';
import { FailureStreak } from './failure-streak';
import { HalfOpened } from './half-opened';
import { MinRequests } from './min-requests';
import { SlowRate } from './slow-rate';
import { type CallContext, Tripper } from './tripper';

/** A rule with a fixed answer that counts how often it was asked. */
class Fixed extends Tripper {
  asked = 0;
  constructor(private readonly answer: boolean) {
    super();
  }
  evaluate(): boolean {
    this.asked++;
    return this.answer;
  }
}

const ctx = (
  totalCount: number,
  failureCount: number,
  state: State = 'closed',
  consecutiveFailures = 0,
): CallContext => ({
  metric: new MetricSnapshot(totalCount, failureCount, 0, new Map(), false),
  state,
  consecutiveFailures,
});

/** Walks a tripper tree the way the breaker does at construction. */
function walk(tripper: Tripper): Tripper[] {
  return [tripper, ...tripper.children().flatMap(walk)];
}

describe('Tripper composition', () => {
  test.each([
    [false, false, false],
    [false, true, false],
    [true, false, false],
    [true, true, true],
  ])('%p AND %p = %p', (a, b, expected) => {
    expect(new Fixed(a).and(new Fixed(b)).evaluate(ctx(0, 0))).toBe(expected);
  });

  test.each([
    [false, false, false],
    [false, true, true],
    [true, false, true],
    [true, true, true],
  ])('%p OR %p = %p', (a, b, expected) => {
    expect(new Fixed(a).or(new Fixed(b)).evaluate(ctx(0, 0))).toBe(expected);
  });

  test('short-circuits like && and ||', () => {
    const right = new Fixed(true);
    new Fixed(false).and(right).evaluate(ctx(0, 0));
    new Fixed(true).or(right).evaluate(ctx(0, 0));
    expect(right.asked).toBe(0);
  });

  test('children() returns the operands of a composite, in order; a leaf has none', () => {
    const left = new MinRequests(10);
    const right = new FailureRate(0.5);
    expect(left.and(right).children()).toEqual([left, right]);
    expect(left.or(right).children()).toEqual([left, right]);
    expect(left.children()).toEqual([]);
  });

  test('usesDurations is true for AvgLatency and SlowRate only, and never for a composite', () => {
    const latency = [new AvgLatency(100), new SlowRate(0.5, { threshold: 100 })];
    const others = [
      new Closed(),
      new HalfOpened(),
      new MinRequests(1),
      new FailureRate(0.5),
      new FailureStreak(1),
    ];
    for (const rule of latency) expect(rule.usesDurations).toBe(true);
    for (const rule of others) expect(rule.usesDurations).toBe(false);
    expect(latency[0].and(latency[1]).usesDurations).toBe(false);
  });

  test('walking children() finds every latency rule and SlowRate threshold in a tree', () => {
    const tripper = new FailureStreak(5).or(
      new MinRequests(20).and(
        new FailureRate(0.5)
          .or(new SlowRate(0.3, { threshold: 1_000 }))
          .or(new AvgLatency(800).and(new SlowRate(0.1, { threshold: 5_000 }))),
      ),
    );
    const nodes = walk(tripper);
    expect(nodes.filter((n) => n.usesDurations)).toHaveLength(3);
    const thresholds = nodes.filter((n) => n instanceof SlowRate).map((n) => n.threshold);
    expect(thresholds).toEqual([1_000, 5_000]);
  });

  test('a state-gated composite applies each rule in its own state', () => {
    const tripper = new Closed()
      .and(new FailureRate(0.5))
      .or(new HalfOpened().and(new FailureStreak(2)));
    expect(tripper.evaluate(ctx(10, 5, 'closed', 0))).toBe(true);
    expect(tripper.evaluate(ctx(10, 5, 'half_open', 1))).toBe(false);
    expect(tripper.evaluate(ctx(2, 2, 'half_open', 2))).toBe(true);
    expect(tripper.evaluate(ctx(10, 0, 'closed', 9))).toBe(false);
  });

  test.each([
    ['and', null],
    ['and', { evaluate: () => true }],
    ['or', undefined],
    ['or', () => true],
  ] as const)('%s() refuses a non-Tripper (%p)', (method, other) => {
    expect(() => new Closed()[method](other as never)).toThrow(TypeError);
    expect(() => new Closed()[method](other as never)).toThrow(
      new RegExp(`^Tripper\\.${method}: other must be a Tripper, got `),
    );
  });
});

describe('the SPEC default tripper', () => {
  // In closed: MinRequests(100) AND FailureRate(0.5); in half_open any counted failure reopens.
  const tripper = new HalfOpened()
    .and(new FailureStreak(1))
    .or(new MinRequests(100).and(new FailureRate(0.5)));

  test.each([
    ['closed', 99, 99, 99, false], // too few calls, however bad
    ['closed', 100, 49, 3, false],
    ['closed', 100, 50, 0, true], // 100 calls, exactly half failed
    ['closed', 100, 100, 100, true],
    ['closed', 10, 5, 5, false], // a streak alone does not trip in closed
    ['half_open', 1, 1, 1, true], // one failed probe reopens
    ['half_open', 3, 2, 1, true],
    ['half_open', 1, 0, 0, false], // a successful probe does not
    ['half_open', 5, 1, 0, false],
  ] as const)(
    'in %s with %i calls, %i failed and a streak of %i: %p',
    (state, total, failed, streak, expected) => {
      expect(tripper.evaluate(ctx(total, failed, state, streak))).toBe(expected);
    },
  );

  test('has the documented shape and reads no durations', () => {
    const [gate, closedRule] = tripper.children();
    expect(gate.children().map((c) => c.constructor)).toEqual([HalfOpened, FailureStreak]);
    expect(closedRule.children().map((c) => c.constructor)).toEqual([MinRequests, FailureRate]);
    expect(walk(tripper).some((n) => n.usesDurations)).toBe(false);
  });
});

describe('Tripper.slowThresholds (the breaker needs no instanceof SlowRate)', () => {
  const slow = (threshold: number) => new SlowRate(0.5, { threshold });

  test('a SlowRate declares its own threshold; other rules declare none', () => {
    expect(slow(250).slowThresholds).toEqual([250]);
    expect(new FailureRate(0.5).slowThresholds).toEqual([]);
    expect(new Fixed(true).slowThresholds).toEqual([]);
  });

  test('composites union their children, each threshold once, in tree order', () => {
    const tree = new MinRequests(10)
      .and(slow(1_000).or(new AvgLatency(300)))
      .or(new HalfOpened().and(slow(250).or(slow(1_000))));
    expect(tree.slowThresholds).toEqual([1_000, 250]);
  });

  test("a user's own composite (overriding children) declares its children's thresholds", () => {
    class Either extends Tripper {
      constructor(private readonly rules: Tripper[]) {
        super();
      }
      evaluate(c: CallContext): boolean {
        return this.rules.some((rule) => rule.evaluate(c));
      }
      override children(): readonly Tripper[] {
        return this.rules;
      }
    }
    expect(new Either([slow(100), new Fixed(false), slow(900)]).slowThresholds).toEqual([100, 900]);
  });

  test('a tree whose children() loop back to itself ends', () => {
    class Loop extends Tripper {
      evaluate(): boolean {
        return false;
      }
      override children(): readonly Tripper[] {
        return [this, slow(40)];
      }
    }
    expect(new Loop().slowThresholds).toEqual([40]);
  });
});

describe('composed verdicts must be booleans', () => {
  class AsyncRule extends Tripper {
    // What an `async evaluate()` returns, typed as a boolean by mistake.
    evaluate(): boolean {
      return Promise.resolve(false) as unknown as boolean;
    }
  }

  test.each([
    ['and', (t: Tripper) => new Fixed(true).and(t)],
    ['or', (t: Tripper) => new Fixed(false).or(t)],
    ['and (left)', (t: Tripper) => t.and(new Fixed(true))],
  ])('%s refuses an async child instead of tripping on its promise', (_name, compose) => {
    expect(() => compose(new AsyncRule()).evaluate(ctx(10, 0))).toThrow(
      new TypeError('Tripper: evaluate() must return a boolean, got [object Promise]'),
    );
  });

  test('a breaker reports the fault and does not trip', () => {
    const faults: unknown[] = [];
    const breaker = new CircuitBreaker({
      tripper: new Fixed(true).and(new AsyncRule()),
      onListenerError: (error) => faults.push(error),
    });
    for (let i = 0; i < 3; i++) expect(breaker.call(() => 1)).toBe(1);
    expect(breaker.info().state).toBe('closed');
    expect(faults).toHaveLength(3);
    expect(faults[0]).toBeInstanceOf(TypeError);
  });
});
