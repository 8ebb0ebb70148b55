import { CallNotPermittedError } from '../errors';
import { AsyncListener } from '../listeners/listener';
import { MAX_PENDING_SIGNALS } from '../listeners/queue';
import type { Signal } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { Cooldown } from '../retries/cooldown';
import { deferred, ManualClock, recorder } from '../testing/test-kit';
import { FailureRate } from '../trippers/failure-rate';
import { FailureStreak } from '../trippers/failure-streak';
import { MinRequests } from '../trippers/min-requests';
import { CountWindow } from '../windows/count-window';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import type { AsyncCircuitBreakerOptions } from './options';

function make(options: AsyncCircuitBreakerOptions = {}) {
  const clock = new ManualClock();
  const log = recorder();
  const breaker = new AsyncCircuitBreaker({
    clock,
    permit: new AllowAll(),
    tripper: new FailureStreak(1),
    retry: new Cooldown(1_000),
    listeners: [log.fn],
    ...options,
  });
  return { breaker, clock, log };
}

const fail = (breaker: AsyncCircuitBreaker) =>
  breaker
    .call(async () => {
      throw new Error('boom');
    })
    .then(
      () => {
        throw new Error('expected a rejection');
      },
      (error: unknown) => error,
    );

describe('AsyncCircuitBreaker calls', () => {
  test('resolves with the value and passes the arguments through', async () => {
    const { breaker } = make();
    await expect(breaker.call(async (a: number, b: number) => a + b, 2, 3)).resolves.toBe(5);
    await expect(breaker.call((x: string) => x.toUpperCase(), 'sync value')).resolves.toBe(
      'SYNC VALUE',
    );
    expect(breaker.info().metrics.totalCount).toBe(2);
  });

  test('a function that throws synchronously is treated like a rejection', async () => {
    const { breaker } = make({ tripper: new FailureStreak(5) });
    await expect(
      breaker.call(() => {
        throw new Error('sync throw');
      }),
    ).rejects.toThrow('sync throw');
    expect(breaker.info().metrics.failureCount).toBe(1);
  });

  test('open rejects fast with CallNotPermittedError and never runs the function', async () => {
    const { breaker } = make();
    await fail(breaker);
    const fn = jest.fn(async () => 'x');
    const error = await breaker.call(fn).catch((e: unknown) => e);
    expect(CallNotPermittedError.isInstance(error)).toBe(true);
    expect(fn).not.toHaveBeenCalled();
  });

  test('wrap and callWithFallback', async () => {
    const { breaker } = make();
    const double = breaker.wrap(async (n: number) => n * 2);
    await expect(double(4)).resolves.toBe(8);
    const safe = breaker.wrap(
      async (): Promise<string> => {
        throw new Error('down');
      },
      { fallback: async (error) => `fallback: ${(error as Error).message}` },
    );
    await expect(safe()).resolves.toBe('fallback: down');
    await expect(safe()).resolves.toMatch(/fallback: circuit is open/);
    await expect(
      breaker.callWithFallback(
        async () => 1,
        () => 2,
      ),
    ).resolves.toBe(2);
  });

  test('resultTracker flags returned values as failures and still returns them', async () => {
    const { breaker, log } = make({
      resultTracker: (r) => (r as { status: number }).status >= 500,
    });
    const response = { status: 503 };
    await expect(breaker.call(async () => response)).resolves.toBe(response);
    expect(log.transitions).toEqual(['closed->open']);
  });

  test('manual controls settle once their listeners have run', async () => {
    const seen: string[] = [];
    const gate = deferred();
    const { breaker } = make({
      listeners: [
        async (signal: Signal) => {
          await gate.promise;
          seen.push(signal.newState);
        },
      ],
    });
    let settled = false;
    const done = breaker.forceOpen().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    gate.resolve();
    await done;
    expect(seen).toEqual(['forced_open']);
    await expect(breaker.call(async () => 1)).rejects.toMatchObject({ state: 'forced_open' });
    await breaker.reset();
    await expect(breaker.call(async () => 1)).resolves.toBe(1);
  });
});

describe('AsyncCircuitBreaker concurrency', () => {
  test('thousands of overlapping calls keep exact counts', async () => {
    const { breaker } = make({
      window: new CountWindow(10_000),
      tripper: new MinRequests(10_000).and(new FailureRate(1)),
    });
    const gates = Array.from({ length: 3_000 }, () => deferred<number>());
    const calls = gates.map((gate) => breaker.call(() => gate.promise).catch(() => 'failed'));
    // Settle in an order unrelated to the start order.
    gates.forEach((gate, i) => {
      if (i % 3 === 0) gate.reject(new Error('x'));
    });
    gates.forEach((gate, i) => {
      if (i % 3 !== 0) gate.resolve(i);
    });
    const results = await Promise.all(calls);
    expect(results.filter((r) => r === 'failed')).toHaveLength(1_000);
    expect(breaker.info().metrics).toMatchObject({ totalCount: 3_000, failureCount: 1_000 });
  });

  test('an outcome from an ended generation is returned but not recorded', async () => {
    const { breaker, clock, log } = make({ tripper: new FailureStreak(2) });
    const slow = deferred<string>();
    const slowFail = deferred<string>();
    const started = breaker.call(() => slow.promise);
    const startedFail = breaker.call(() => slowFail.promise);
    // closed -> open -> half_open -> closed while those two are in flight.
    await fail(breaker);
    await fail(breaker);
    clock.advance(1_000);
    await breaker.call(async () => 'probe');
    expect(log.transitions).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
    slow.resolve('late value');
    slowFail.reject(new Error('late failure'));
    await expect(started).resolves.toBe('late value');
    await expect(startedFail).rejects.toThrow('late failure');
    expect(breaker.info().metrics.totalCount).toBe(0);
    expect(breaker.info().state).toBe('closed');
  });

  test('a late failure from closed cannot reopen a half_open circuit', async () => {
    const { breaker, clock, log } = make();
    const late = deferred<string>();
    const inFlight = breaker.call(() => late.promise).catch(() => 'failed');
    await fail(breaker);
    clock.advance(1_000);
    const probe = deferred<string>();
    const probing = breaker.call(() => probe.promise);
    expect(breaker.info().state).toBe('half_open');
    late.reject(new Error('late'));
    await inFlight;
    expect(breaker.info().state).toBe('half_open');
    probe.resolve('ok');
    await probing;
    expect(log.transitions).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  test('maxHalfOpenCalls rejects the extra probe at once; slots free as probes settle', async () => {
    const { breaker, clock } = make({ maxHalfOpenCalls: 2, tripper: new FailureStreak(3) });
    await fail(breaker);
    await fail(breaker);
    await fail(breaker);
    clock.advance(1_000);
    const a = deferred<string>();
    const b = deferred<string>();
    const first = breaker.call(() => a.promise);
    const second = breaker.call(() => b.promise);
    const third = jest.fn(async () => 'third');
    await expect(breaker.call(third)).rejects.toMatchObject({ state: 'half_open' });
    expect(third).not.toHaveBeenCalled();
    a.reject(new Error('probe failed')); // a failure that does not reopen (streak 1 of 3)
    await first.catch(() => {});
    expect(breaker.info().state).toBe('half_open');
    const c = deferred<string>();
    const fourth = breaker.call(() => c.promise); // a slot is free again
    b.resolve('ok');
    await second;
    expect(breaker.info().state).toBe('closed');
    c.resolve('late');
    await expect(fourth).resolves.toBe('late');
  });

  test('the probe count belongs to one half_open episode', async () => {
    const { breaker, clock } = make({ maxHalfOpenCalls: 1 });
    await fail(breaker);
    clock.advance(1_000);
    const stuck = deferred<string>();
    const stuckCall = breaker.call(() => stuck.promise);
    await breaker.forceOpen();
    await breaker.reset();
    await fail(breaker);
    clock.advance(1_000);
    // A new episode: the stuck probe of the last one does not take the only slot.
    await expect(breaker.call(async () => 'fresh probe')).resolves.toBe('fresh probe');
    stuck.resolve('done');
    await stuckCall;
  });
});

describe('AsyncCircuitBreaker listeners', () => {
  test('a slow async listener does not delay the call that tripped; flush() waits for it', async () => {
    const gate = deferred();
    let delivered = false;
    class Slow extends AsyncListener {
      async notify(): Promise<void> {
        await gate.promise;
        delivered = true;
      }
    }
    const { breaker } = make({ listeners: [new Slow()] });
    await fail(breaker); // resolves although the listener has not finished
    expect(breaker.info().state).toBe('open');
    expect(delivered).toBe(false);
    let flushed = false;
    const flushing = breaker.flush().then(() => {
      flushed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(false);
    gate.resolve();
    await flushing;
    expect(delivered).toBe(true);
  });

  test('each async listener receives its signals strictly in order', async () => {
    const seen: string[] = [];
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const { breaker } = make({
      listeners: [
        async (signal: Signal) => {
          const gate = deferred();
          gates.push(gate);
          await gate.promise;
          seen.push(signal.newState);
        },
      ],
    });
    void breaker.forceOpen();
    void breaker.disable();
    void breaker.metricsOnly();
    void breaker.reset();
    await new Promise((resolve) => setImmediate(resolve));
    expect(gates).toHaveLength(1); // the others wait behind the first
    while (seen.length < 4) {
      gates.at(-1)!.resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(seen).toEqual(['forced_open', 'disabled', 'metrics_only', 'closed']);
  });

  test(`at most ${MAX_PENDING_SIGNALS} signals wait per listener; the oldest waiting is dropped and reported`, async () => {
    const faults: [unknown, Signal | undefined][] = [];
    const gate = deferred();
    const seen: Signal[] = [];
    const { breaker } = make({
      listeners: [
        async (signal: Signal) => {
          await gate.promise;
          seen.push(signal);
        },
      ],
      onListenerError: (error, signal) => faults.push([error, signal]),
    });
    const total = MAX_PENDING_SIGNALS + 3; // 1 in flight, 100 waiting, 2 dropped
    for (let i = 0; i < total; i++) void (i % 2 === 0 ? breaker.forceOpen() : breaker.reset());
    expect(faults).toHaveLength(2);
    expect(String(faults[0][0])).toMatch(/dropped/);
    expect(faults[0][1]?.newState).toBe('closed'); // the second signal was the oldest waiting
    gate.resolve();
    await breaker.flush();
    expect(seen).toHaveLength(total - 2);
  });

  test('sync and async listeners are isolated from each other and from the call', async () => {
    const faults: unknown[] = [];
    const good = jest.fn();
    const { breaker } = make({
      listeners: [
        async () => {
          throw new Error('async listener bug');
        },
        () => {
          throw new Error('sync listener bug');
        },
        good,
      ],
      onListenerError: (error) => faults.push(error),
    });
    await fail(breaker);
    await breaker.flush();
    expect(good).toHaveBeenCalledTimes(1);
    expect(faults).toEqual(
      expect.arrayContaining([new Error('async listener bug'), new Error('sync listener bug')]),
    );
  });

  test('maxHalfOpenCalls and timeout are validated', () => {
    expect(() => new AsyncCircuitBreaker({ maxHalfOpenCalls: 0 })).toThrow(
      'AsyncCircuitBreaker: maxHalfOpenCalls must be a positive integer, got 0',
    );
    expect(() => new AsyncCircuitBreaker({ maxHalfOpenCalls: 1.5 })).toThrow(RangeError);
    expect(() => new AsyncCircuitBreaker({ timeout: Number.NaN })).toThrow(
      'AsyncCircuitBreaker: timeout must be a finite number > 0, got NaN',
    );
    expect(() => new AsyncCircuitBreaker({ timeout: -1 })).toThrow(RangeError);
  });
});
