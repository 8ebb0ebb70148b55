import { CircuitBreaker } from '../breaker/circuit-breaker';
import { MetricSnapshot } from '../metric';
import { STATES, type State } from '../state';
import { AvgLatency } from './avg-latency';
import { Closed } from './closed';
import { compileTripper } from './compile';
import { FailureRate } from './failure-rate';
import { FailureStreak } from './failure-streak';
import { HalfOpened } from './half-opened';
import { MinRequests } from './min-requests';
import { SlowRate } from './slow-rate';
import { type CallContext, Tripper } from './tripper';

/** A user's rule: answers whatever `answer` says for the context. */
class Custom extends Tripper {
  constructor(private readonly answer: (ctx: CallContext) => unknown) {
    super();
  }
  evaluate(ctx: CallContext): boolean {
    return this.answer(ctx) as boolean;
  }
}

/** A seeded generator (mulberry32), so a failing tree can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tree(rand: () => number, depth: number): Tripper {
  const pick = Math.floor(rand() * (depth > 0 ? 10 : 8));
  const int = () => 1 + Math.floor(rand() * 6);
  switch (pick) {
    case 0:
      return new HalfOpened();
    case 1:
      return new Closed();
    case 2:
      return new FailureStreak(int());
    case 3:
      return new MinRequests(int());
    case 4:
      return new FailureRate(rand());
    case 5:
      return new SlowRate(0.5, { threshold: 100 });
    case 6:
      return new AvgLatency(50);
    case 7:
      return new Custom((ctx) => ctx.metric.failureCount % 2 === 0);
    case 8:
      return tree(rand, depth - 1).and(tree(rand, depth - 1));
    default:
      return tree(rand, depth - 1).or(tree(rand, depth - 1));
  }
}

function context(rand: () => number): CallContext {
  const total = Math.floor(rand() * 8);
  const failures = Math.floor(rand() * (total + 1));
  const slow = new Map([[100, Math.floor(rand() * (total + 1))]]);
  return {
    metric: new MetricSnapshot(total, failures, rand() * 100 * total, slow, true),
    state: STATES[Math.floor(rand() * STATES.length)] as State,
    consecutiveFailures: Math.floor(rand() * 7),
  };
}

function outcome(run: () => boolean): unknown {
  try {
    return run();
  } catch (error) {
    return { threw: String(error) };
  }
}

describe('compileTripper', () => {
  test('gives the verdict of evaluate() for random trees and contexts', () => {
    const rand = random(12);
    let compiledTrees = 0;
    for (let i = 0; i < 400; i++) {
      const tripper = tree(rand, 4);
      const trips = compileTripper(tripper);
      if (trips === undefined) continue;
      compiledTrees++;
      for (let j = 0; j < 20; j++) {
        const ctx = context(rand);
        expect(outcome(() => trips(ctx))).toEqual(outcome(() => tripper.evaluate(ctx)));
      }
    }
    expect(compiledTrees).toBeGreaterThan(200);
  });

  test('a user rule inside a tree keeps its own evaluate and the boolean check', () => {
    const custom = new Custom(() => 'yes');
    const tripper = new Closed().and(custom);
    const trips = compileTripper(tripper)!;
    const ctx = context(random(1));
    const closed = { ...ctx, state: 'closed' as const };
    expect(() => trips(closed)).toThrow('Tripper: evaluate() must return a boolean, got "yes"');
    expect(trips({ ...ctx, state: 'open' })).toBe(false);
  });

  test('a subclass or a replaced evaluate of a built-in is called, not compiled away', () => {
    class Never extends FailureStreak {
      override evaluate(): boolean {
        return false;
      }
    }
    const patched = new FailureStreak(1);
    patched.evaluate = () => false;
    const ctx = { ...context(random(2)), consecutiveFailures: 5, state: 'closed' as const };
    expect(compileTripper(new Closed().and(new Never(1)))!(ctx)).toBe(false);
    expect(compileTripper(new Closed().and(patched))!(ctx)).toBe(false);
    expect(compileTripper(new Closed().and(new FailureStreak(1)))!(ctx)).toBe(true);
  });

  test('reads the built-ins parameters at every call, as their evaluate does', () => {
    const streak = new FailureStreak(3);
    const trips = compileTripper(new Closed().and(streak))!;
    const ctx = { ...context(random(3)), consecutiveFailures: 2, state: 'closed' as const };
    expect(trips(ctx)).toBe(false);
    (streak as { count: number }).count = 2;
    expect(trips(ctx)).toBe(true);
    expect(streak.evaluate(ctx)).toBe(true);
  });

  test('a user root is not compiled; a shared tree is compiled once', () => {
    expect(compileTripper(new Custom(() => true))).toBeUndefined();
    const shared = new HalfOpened().or(new MinRequests(2));
    expect(compileTripper(shared)).toBe(compileTripper(shared));
  });

  test('without the Function constructor (a strict CSP) the breaker evaluates the tree itself', () => {
    const original = globalThis.Function;
    const refused = jest.spyOn(globalThis, 'Function').mockImplementation(() => {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    try {
      const tripper = new Closed().and(new FailureStreak(2));
      expect(compileTripper(tripper)).toBeUndefined();
      const breaker = new CircuitBreaker({ tripper });
      for (let i = 0; i < 2; i++) {
        expect(() =>
          breaker.call(() => {
            throw new Error('down');
          }),
        ).toThrow('down');
      }
      expect(breaker.info().state).toBe('open');
    } finally {
      refused.mockRestore();
    }
    expect(globalThis.Function).toBe(original);
  });

  test('a breaker with a compiled default-like tree trips and closes as before', () => {
    const now = 0;
    const breaker = new CircuitBreaker({
      clock: { now: () => now },
      tripper: new HalfOpened()
        .and(new FailureStreak(1))
        .or(new MinRequests(4).and(new FailureRate(0.5))),
    });
    const fail = () =>
      breaker.call(() => {
        throw new Error('down');
      });
    breaker.call(() => 1);
    breaker.call(() => 1);
    expect(fail).toThrow('down');
    expect(breaker.info().state).toBe('closed');
    expect(fail).toThrow('down');
    expect(breaker.info().state).toBe('open');
  });
});
