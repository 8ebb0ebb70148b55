import { CallNotPermittedError } from '../errors';
import { All as AllowAll } from '../permits/all';
import { Cooldown } from '../retries/cooldown';
import { boom, deferred, ManualClock, ok, recorder } from '../testing/test-kit';
import { Custom } from '../trackers/custom';
import { FailureRate } from '../trippers/failure-rate';
import { HalfOpened } from '../trippers/half-opened';
import { MinRequests } from '../trippers/min-requests';
import { CountWindow } from '../windows/count-window';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';
import type { AsyncCircuitBreakerOptions, CircuitBreakerOptions } from './options';
import { SNAPSHOT_FORMAT } from './snapshot';

/** A breaker whose circuit is open with its retry due: the next call starts a half_open episode. */
function dueOpen(options: AsyncCircuitBreakerOptions = {}): {
  clock: ManualClock;
  log: ReturnType<typeof recorder>;
  common: CircuitBreakerOptions;
} {
  const clock = new ManualClock();
  const log = recorder();
  const now = Date.now();
  const common = {
    clock,
    permit: new AllowAll(),
    retry: new Cooldown(1_000),
    listeners: [log.fn],
    initialState: {
      format: SNAPSHOT_FORMAT as typeof SNAPSHOT_FORMAT,
      state: 'open' as const,
      changedAt: now - 1_000,
      reopens: 0,
      retryAt: now - 1,
      consecutiveFailures: 0,
    },
  };
  return { clock, log, common: { ...common, ...options } as CircuitBreakerOptions };
}

class Ignored extends Error {}
const ignoredError = () => {
  throw new Ignored('not found');
};

describe('probesToClose with the default tripper', () => {
  it('closes only after that many successes in a row', () => {
    const { common, log } = dueOpen();
    const breaker = new CircuitBreaker({ ...common, probesToClose: 3 });
    breaker.call(ok);
    breaker.call(ok);
    expect(breaker.info().state).toBe('half_open');
    breaker.call(ok);
    expect(breaker.info().state).toBe('closed');
    expect(log.transitions).toEqual(['open->half_open', 'half_open->closed']);
  });

  it('reopens on a failure during the sample', () => {
    const { common, log } = dueOpen();
    const breaker = new CircuitBreaker({ ...common, probesToClose: 5 });
    breaker.call(ok);
    breaker.call(ok);
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info()).toMatchObject({ state: 'open', reopens: 1 });
    expect(log.transitions).toEqual(['open->half_open', 'half_open->open']);
  });

  it('defaults to 1: one success closes, as before', () => {
    const { common } = dueOpen();
    const breaker = new CircuitBreaker(common);
    breaker.call(ok);
    expect(breaker.info().state).toBe('closed');
  });

  it('ignored errors count for nothing', () => {
    const { common } = dueOpen();
    const breaker = new CircuitBreaker({
      ...common,
      tracker: new Custom((error) => !(error instanceof Ignored)),
      probesToClose: 2,
    });
    breaker.call(ok);
    expect(() => breaker.call(ignoredError)).toThrow('not found');
    expect(() => breaker.call(ignoredError)).toThrow('not found');
    expect(breaker.info().state).toBe('half_open');
    breaker.call(ok);
    expect(breaker.info().state).toBe('closed');
  });
});

describe('probesToClose with a rate rule (a sampled decision)', () => {
  const rule = () => new HalfOpened().and(new MinRequests(10)).and(new FailureRate(0.2));

  it('closes after 10 probes with one failure among them', () => {
    const { common } = dueOpen();
    const breaker = new CircuitBreaker({
      ...common,
      window: new CountWindow(20),
      tripper: rule(),
      probesToClose: 10,
    });
    for (let i = 0; i < 9; i++) {
      if (i === 4) expect(() => breaker.call(boom)).toThrow('boom');
      else breaker.call(ok);
      expect(breaker.info().state).toBe('half_open');
    }
    breaker.call(ok);
    expect(breaker.info().state).toBe('closed');
  });

  it('reopens when 2 of 10 probes fail', () => {
    const { common } = dueOpen();
    const breaker = new CircuitBreaker({
      ...common,
      window: new CountWindow(20),
      tripper: rule(),
      probesToClose: 10,
    });
    for (let i = 0; i < 8; i++) breaker.call(ok);
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().state).toBe('half_open');
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info()).toMatchObject({ state: 'open', reopens: 1 });
  });
});

describe('maxHalfOpenWait', () => {
  it('reopens a half_open episode whose probes hang, at the next call (async)', async () => {
    const { common, clock, log } = dueOpen();
    const breaker = new AsyncCircuitBreaker({
      ...common,
      maxHalfOpenCalls: 2,
      maxHalfOpenWait: 5_000,
    });
    const hung = [deferred<string>(), deferred<string>()];
    const probes = hung.map((d) => breaker.call(() => d.promise));
    await expect(breaker.call(async () => 'x')).rejects.toBeInstanceOf(CallNotPermittedError);
    clock.advance(4_999);
    expect(breaker.info().state).toBe('half_open');
    clock.advance(1);
    const rejected = await breaker.call(async () => 'x').catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(CallNotPermittedError);
    expect(breaker.info()).toMatchObject({ state: 'open', reopens: 1 });
    expect(log.transitions).toEqual(['open->half_open', 'half_open->open']);
    // After the retry a fresh episode recovers while the old probes still hang...
    clock.advance(1_000);
    await expect(breaker.call(async () => 'fresh')).resolves.toBe('fresh');
    expect(breaker.info().state).toBe('closed');
    // ...and their late outcomes are returned to their callers but never recorded.
    hung[0]!.reject(new Error('late'));
    hung[1]!.resolve('late');
    await expect(probes[0]).rejects.toThrow('late');
    await expect(probes[1]).resolves.toBe('late');
    expect(breaker.info()).toMatchObject({ state: 'closed', metrics: { totalCount: 0 } });
  });

  it('reopens lazily at info() too (sync)', () => {
    const { common, clock, log } = dueOpen();
    const breaker = new CircuitBreaker({ ...common, probesToClose: 3, maxHalfOpenWait: 100 });
    breaker.call(ok);
    clock.advance(100);
    expect(breaker.info()).toMatchObject({ state: 'open', reopens: 1 });
    expect(log.transitions).toEqual(['open->half_open', 'half_open->open']);
  });

  it('a probe settling past the deadline is not recorded and ends the episode', async () => {
    const { common, clock } = dueOpen();
    const breaker = new AsyncCircuitBreaker({ ...common, maxHalfOpenWait: 100 });
    const slow = deferred<string>();
    const probe = breaker.call(() => slow.promise);
    clock.advance(150);
    slow.resolve('ok');
    await expect(probe).resolves.toBe('ok');
    expect(breaker.info()).toMatchObject({ state: 'open', reopens: 1 });
  });

  it('defaults to 60 s', () => {
    const { common, clock } = dueOpen();
    const breaker = new CircuitBreaker({ ...common, probesToClose: 2 });
    breaker.call(ok);
    clock.advance(59_999);
    expect(breaker.info().state).toBe('half_open');
    clock.advance(1);
    expect(breaker.info().state).toBe('open');
  });

  it('Infinity never ends an episode', () => {
    const { common, clock } = dueOpen();
    const breaker = new CircuitBreaker({
      ...common,
      probesToClose: 2,
      maxHalfOpenWait: Number.POSITIVE_INFINITY,
    });
    breaker.call(ok);
    clock.advance(1e12);
    expect(breaker.info().state).toBe('half_open');
    breaker.call(ok);
    expect(breaker.info().state).toBe('closed');
  });
});

describe('validation', () => {
  it.each([
    ['CircuitBreaker', (o: object) => new CircuitBreaker(o)],
    ['AsyncCircuitBreaker', (o: object) => new AsyncCircuitBreaker(o)],
  ])('%s refuses bad probesToClose and maxHalfOpenWait', (owner, make) => {
    expect(() => make({ probesToClose: 0 })).toThrow(
      new RangeError(`${owner}: probesToClose must be a positive integer, got 0`),
    );
    expect(() => make({ probesToClose: 2.5 })).toThrow(RangeError);
    expect(() => make({ probesToClose: '3' })).toThrow(
      new TypeError(`${owner}: probesToClose must be a positive integer, got "3"`),
    );
    expect(() => make({ maxHalfOpenWait: 0 })).toThrow(
      new RangeError(`${owner}: maxHalfOpenWait must be a number > 0 (Infinity allowed), got 0`),
    );
    expect(() => make({ maxHalfOpenWait: Number.NaN })).toThrow(RangeError);
    expect(() => make({ maxHalfOpenWait: null })).toThrow(
      new TypeError(`${owner}: maxHalfOpenWait must be a number > 0 (Infinity allowed), got null`),
    );
    expect(() => make({ probesToClose: 1, maxHalfOpenWait: 1 })).not.toThrow();
  });
});
