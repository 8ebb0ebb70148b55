// The patterns of docs/testing.md, run for real: how to test code that uses a breaker without
// sleeping. (This file is also an example: copy what you need.)
import {
  AsyncCircuitBreaker,
  CallNotPermittedError,
  CallTimeoutError,
  CircuitBreaker,
  Cooldown,
  FailureStreak,
  type Signal,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';

const fail = () => {
  throw new Error('boom');
};
const ok = () => 'ok';

describe('a manual clock', () => {
  it('moves a breaker through open, half_open and closed without waiting', () => {
    let now = 0;
    const seen: string[] = [];
    const breaker = new CircuitBreaker({
      clock: { now: () => now },
      tripper: new FailureStreak(2),
      retry: new Cooldown(30_000),
      permit: new All(),
      listeners: [(s: Signal) => seen.push(`${s.oldState}->${s.newState}`)],
    });

    expect(() => breaker.call(fail)).toThrow('boom');
    expect(() => breaker.call(fail)).toThrow('boom');
    expect(breaker.info().state).toBe('open');
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);

    now += 29_999;
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    now += 1;
    expect(breaker.call(ok)).toBe('ok');
    expect(seen).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  it('gives retryAt in epoch ms, for a Retry-After header', () => {
    const now = 0;
    const breaker = new CircuitBreaker({
      clock: { now: () => now },
      tripper: new FailureStreak(1),
      retry: new Cooldown(5_000),
    });
    const before = Date.now();
    expect(() => breaker.call(fail)).toThrow('boom');
    try {
      breaker.call(ok);
      throw new Error('not rejected');
    } catch (error) {
      if (!CallNotPermittedError.isInstance(error)) throw error;
      expect(error.retryAt! - before).toBeGreaterThanOrEqual(4_900);
      expect(error.retryAt! - before).toBeLessThanOrEqual(5_100 + (Date.now() - before));
    }
  });
});

describe('an injected random source', () => {
  it('makes jitter deterministic', () => {
    const now = 0;
    const openFor = (random: () => number) => {
      const breaker = new CircuitBreaker({
        clock: { now: () => now },
        random,
        tripper: new FailureStreak(1),
        retry: new Cooldown(10_000, { jitterRatio: 0.5 }),
      });
      expect(() => breaker.call(fail)).toThrow('boom');
      const { retryAt, changedAt } = breaker.info();
      return retryAt! - changedAt;
    };
    expect(openFor(() => 0)).toBeCloseTo(5_000, 0);
    expect(openFor(() => 0.5)).toBeCloseTo(10_000, 0);
  });
});

describe('jest fake timers', () => {
  afterEach(() => jest.useRealTimers());

  it('drive the default clock and the per-call timeout', async () => {
    jest.useFakeTimers();
    const breaker = new AsyncCircuitBreaker({
      timeout: 2_000,
      tripper: new FailureStreak(1),
      retry: new Cooldown(60_000),
      permit: new All(),
    });
    const never = breaker.run(
      ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    const outcome = expect(never).rejects.toBeInstanceOf(CallTimeoutError);
    await jest.advanceTimersByTimeAsync(2_000);
    await outcome;
    expect(breaker.info().state).toBe('open');

    await jest.advanceTimersByTimeAsync(60_000);
    await expect(breaker.call(async () => 'ok')).resolves.toBe('ok');
    expect(breaker.info().state).toBe('closed');
  });
});
