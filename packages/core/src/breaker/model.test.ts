// The breaker against a small reference model of SPEC §3, over random sequences of calls,
// outcomes, clock moves (forwards, backwards, huge) and manual controls.
import fc from 'fast-check';
import { CallNotPermittedError } from '../errors';
import type { Signal } from '../listeners/signal';
import { Random } from '../permits/random';
import { Backoff } from '../retries/backoff';
import { Cooldown } from '../retries/cooldown';
import type { Retry } from '../retries/retry';
import type { State } from '../state';
import { ManualClock } from '../testing/test-kit';
import { TypeOf } from '../trackers/type-of';
import { FailureRate } from '../trippers/failure-rate';
import { FailureStreak } from '../trippers/failure-streak';
import { HalfOpened } from '../trippers/half-opened';
import { MinRequests } from '../trippers/min-requests';
import { CountWindow } from '../windows/count-window';
import { CircuitBreaker } from './circuit-breaker';

class Counted extends Error {}
class Ignored extends Error {}

type Action =
  | { kind: 'success' }
  | { kind: 'flagged' }
  | { kind: 'failure' }
  | { kind: 'ignored' }
  | { kind: 'advance'; ms: number }
  | { kind: 'control'; to: 'closed' | 'disabled' | 'metrics_only' | 'forced_open' };

interface Config {
  size: number;
  streak: number;
  minRequests: number;
  rate: number;
  probeStreak: number;
  permitRatio: number;
  backoff: boolean;
  delay: number;
}

/** What SPEC §3 says, written as plainly as possible. */
class Model {
  state: State = 'closed';
  window: boolean[] = [];
  consecutive = 0;
  reopens = 0;
  now = 0;
  changedAt = 0;
  retryAt = Number.NaN;
  signals: string[] = [];

  constructor(
    private readonly config: Config,
    private readonly random: () => number,
  ) {}

  delay(): number {
    const { backoff, delay } = this.config;
    return backoff ? Math.min(delay * 2 ** this.reopens, delay * 8) : delay;
  }

  transition(to: State): void {
    const total = this.window.length;
    const from = this.state;
    this.state = to;
    this.changedAt = this.now;
    this.window = [];
    if (to === 'half_open' || to === 'closed') this.consecutive = 0;
    if (to === 'closed') this.reopens = 0;
    if (to === 'open') {
      if (from === 'half_open') this.reopens++;
      this.retryAt = this.now + this.delay();
    }
    this.signals.push(`${from}->${to}:${this.reopens}:${total}`);
  }

  trips(): boolean {
    const { streak, minRequests, rate, probeStreak } = this.config;
    const failures = this.window.filter((ok) => !ok).length;
    const closedRule =
      this.consecutive >= streak ||
      (this.window.length >= minRequests && failures / this.window.length >= rate);
    return (this.state === 'half_open' && this.consecutive >= probeStreak) || closedRule;
  }

  /** Returns 'rejected', 'ran'. */
  call(outcome: 'success' | 'flagged' | 'failure' | 'ignored'): 'rejected' | 'ran' {
    if (this.state === 'forced_open') return 'rejected';
    if (this.state === 'disabled') return 'ran';
    if (this.state === 'open') {
      if (this.now < this.retryAt) return 'rejected';
      this.transition('half_open');
    }
    if (this.state === 'half_open' && !(this.random() < this.config.permitRatio)) {
      return 'rejected';
    }
    if (outcome === 'ignored') return 'ran';
    const success = outcome === 'success';
    this.consecutive = success ? 0 : this.consecutive + 1;
    this.window.push(success);
    if (this.window.length > this.config.size) this.window.shift();
    if (this.state === 'metrics_only') return 'ran';
    const handledBy = this.state;
    if (this.trips()) this.transition('open');
    else if (success && handledBy === 'half_open') this.transition('closed');
    return 'ran';
  }
}

const configArb = fc.record({
  size: fc.integer({ min: 1, max: 8 }),
  streak: fc.integer({ min: 1, max: 5 }),
  minRequests: fc.integer({ min: 1, max: 8 }),
  rate: fc.constantFrom(0.25, 0.5, 0.75, 1),
  probeStreak: fc.integer({ min: 1, max: 3 }),
  permitRatio: fc.constantFrom(0, 0.3, 0.7, 1),
  backoff: fc.boolean(),
  delay: fc.constantFrom(1, 10, 100),
});

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'success' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flagged' as const }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'failure' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'ignored' as const }) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 150 }), fc.integer({ min: -200, max: -1 }), fc.constant(1e9))
      .map((ms) => ({ kind: 'advance' as const, ms })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('closed', 'disabled', 'metrics_only', 'forced_open')
      .map((to) => ({ kind: 'control' as const, to })),
  },
);

function check(config: Config, actions: Action[], seed: number): void {
  let s = seed >>> 0;
  const stream = () => {
    // A tiny LCG: the breaker and the model each get an identical stream.
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  let modelSeed = seed >>> 0;
  const modelStream = () => {
    modelSeed = (Math.imul(modelSeed, 1664525) + 1013904223) >>> 0;
    return modelSeed / 2 ** 32;
  };
  const model = new Model(config, modelStream);
  const clock = new ManualClock();
  const signals: string[] = [];
  const retry: Retry = config.backoff
    ? new Backoff({ initial: config.delay, maxDuration: config.delay * 8 })
    : new Cooldown(config.delay);
  const breaker = new CircuitBreaker({
    clock,
    random: stream,
    window: new CountWindow(config.size),
    tracker: new TypeOf(Counted),
    tripper: new HalfOpened()
      .and(new FailureStreak(config.probeStreak))
      .or(
        new FailureStreak(config.streak).or(
          new MinRequests(config.minRequests).and(new FailureRate(config.rate)),
        ),
      ),
    retry,
    permit: new Random(config.permitRatio),
    resultTracker: (r) => r === 'flagged',
    listeners: [
      (signal: Signal) =>
        signals.push(
          `${signal.oldState}->${signal.newState}:${signal.reopens}:${signal.metrics.totalCount}`,
        ),
    ],
  });

  for (const action of actions) {
    if (action.kind === 'advance') {
      clock.advance(action.ms);
      model.now += Math.max(action.ms, 0); // the breaker's time never goes back
    } else if (action.kind === 'control') {
      model.transition(action.to);
      const control = {
        closed: () => breaker.reset(),
        disabled: () => breaker.disable(),
        metrics_only: () => breaker.metricsOnly(),
        forced_open: () => breaker.forceOpen(),
      }[action.to];
      control();
    } else {
      const expected = model.call(action.kind);
      let actual: 'rejected' | 'ran' = 'ran';
      try {
        breaker.call(() => {
          if (action.kind === 'failure') throw new Counted('x');
          if (action.kind === 'ignored') throw new Ignored('y');
          return action.kind;
        });
      } catch (error) {
        if (CallNotPermittedError.isInstance(error)) actual = 'rejected';
      }
      if (actual !== expected) throw new Error(`call ${action.kind}: ${actual}, model ${expected}`);
    }
    // Plain comparisons rather than expect(): this runs hundreds of thousands of times.
    const info = breaker.info();
    const observed = [
      info.state,
      info.reopens,
      info.metrics.totalCount,
      info.metrics.failureCount,
      info.retryAt === null ? null : info.retryAt - info.changedAt,
      signals.join(' '),
    ].join(' | ');
    const wanted = [
      model.state,
      model.reopens,
      model.window.length,
      model.window.filter((ok) => !ok).length,
      model.state === 'open' ? model.retryAt - model.changedAt : null,
      model.signals.join(' '),
    ].join(' | ');
    if (observed !== wanted) {
      throw new Error(
        `after ${JSON.stringify(action)}:\n  breaker ${observed}\n  model   ${wanted}`,
      );
    }
  }
}

describe('CircuitBreaker against the reference model', () => {
  test('random sequences agree on state, counts, rejections and signals', () => {
    fc.assert(fc.property(configArb, fc.array(actionArb, { maxLength: 60 }), fc.integer(), check), {
      numRuns: 10_000,
    });
  });
});
