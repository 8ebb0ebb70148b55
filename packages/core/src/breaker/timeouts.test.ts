import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallTimeoutError } from '../errors';
import type { CallEvent } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { Cooldown } from '../retries/cooldown';
import { deferred, recorder } from '../testing/test-kit';
import { TypeOf } from '../trackers/type-of';
import { FailureStreak } from '../trippers/failure-streak';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import type { AsyncCircuitBreakerOptions } from './options';

function make(options: AsyncCircuitBreakerOptions = {}) {
  const log = recorder();
  const events: CallEvent[] = [];
  const breaker = new AsyncCircuitBreaker({
    permit: new AllowAll(),
    tripper: new FailureStreak(1),
    retry: new Cooldown(1_000),
    listeners: [log.fn, { notify() {}, onCall: (event: CallEvent) => events.push(event) }],
    ...options,
  });
  return { breaker, log, events };
}

describe('per-call timeouts (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('run: the signal aborts with CallTimeoutError, the call rejects with it and it is a failure', async () => {
    const { breaker, log, events } = make();
    let seen: AbortSignal | undefined;
    const call = breaker.run(
      ({ signal }) => {
        seen = signal;
        return new Promise<string>(() => {});
      },
      { timeout: 500 },
    );
    const outcome = call.catch((e: unknown) => e);
    jest.advanceTimersByTime(499);
    expect(seen?.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    const error = await outcome;
    expect(CallTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'CallTimeoutError', timeout: 500 });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
    expect(log.transitions).toEqual(['closed->open']);
    expect(events.map((e) => e.outcome)).toEqual(['timeout']);
    expect(jest.getTimerCount()).toBe(0);
  });

  test("the breaker's timeout applies to call() and wrap(); the function cannot be cancelled", async () => {
    const { breaker } = make({ timeout: 100, tripper: new FailureStreak(5) });
    const slow = breaker.wrap(() => new Promise<string>(() => {}));
    const outcome = Promise.allSettled([breaker.call(() => new Promise(() => {})), slow()]);
    jest.advanceTimersByTime(100);
    const [a, b] = await outcome;
    expect(a).toMatchObject({ status: 'rejected', reason: { name: 'CallTimeoutError' } });
    expect(b).toMatchObject({ status: 'rejected', reason: { timeout: 100 } });
    expect(breaker.info().metrics.failureCount).toBe(2);
  });

  test('what the function does after its timeout is not recorded', async () => {
    const { breaker } = make({ tripper: new FailureStreak(5) });
    const late = deferred<string>();
    const call = breaker.run(() => late.promise, { timeout: 10 }).catch((e: unknown) => e);
    jest.advanceTimersByTime(10);
    await call;
    late.resolve('too late');
    await Promise.resolve();
    expect(breaker.info().metrics).toMatchObject({ totalCount: 1, failureCount: 1 });
  });

  test('a tracker that ignores CallTimeoutError records nothing for a timeout', async () => {
    const { breaker, events } = make({ tracker: new TypeOf(TypeError) });
    const call = breaker.run(() => new Promise(() => {}), { timeout: 10 }).catch((e: unknown) => e);
    jest.advanceTimersByTime(10);
    expect(CallTimeoutError.isInstance(await call)).toBe(true);
    expect(breaker.info()).toMatchObject({ state: 'closed', metrics: { totalCount: 0 } });
    expect(events.map((e) => e.outcome)).toEqual(['timeout']);
  });

  test('a call that settles in time clears its timer', async () => {
    const { breaker } = make({ timeout: 1_000 });
    await expect(breaker.call(async () => 'fast')).resolves.toBe('fast');
    await expect(breaker.run(async ({ signal }) => signal.aborted)).resolves.toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a rejected call starts no timer', async () => {
    const { breaker } = make({ timeout: 1_000 });
    await breaker.forceOpen();
    await expect(breaker.call(async () => 1)).rejects.toMatchObject({ state: 'forced_open' });
    await expect(breaker.run(async () => 1)).rejects.toMatchObject({ state: 'forced_open' });
    expect(jest.getTimerCount()).toBe(0);
  });

  test("the caller's abort rejects with its reason and is recorded as ignored", async () => {
    const { breaker, events } = make();
    const controller = new AbortController();
    let inner: AbortSignal | undefined;
    const call = breaker
      .run(
        ({ signal }) => {
          inner = signal;
          return new Promise(() => {});
        },
        { signal: controller.signal, timeout: 1_000 },
      )
      .catch((e: unknown) => e);
    const reason = new Error('user navigated away');
    controller.abort(reason);
    expect(await call).toBe(reason);
    expect(inner?.aborted).toBe(true);
    expect(breaker.info()).toMatchObject({ state: 'closed', metrics: { totalCount: 0 } });
    expect(events.map((e) => e.outcome)).toEqual(['ignored']);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('an already-aborted signal means the function never runs', async () => {
    const { breaker, events } = make();
    const fn = jest.fn(async () => 1);
    const signal = AbortSignal.abort(new Error('gave up'));
    await expect(breaker.run(fn, { signal })).rejects.toThrow('gave up');
    expect(fn).not.toHaveBeenCalled();
    expect(events).toEqual([{ outcome: 'ignored', duration: null, state: 'closed' }]);
  });

  test('run validates its options', async () => {
    const { breaker } = make();
    await expect(breaker.run(async () => 1, { timeout: 0 })).rejects.toThrow(
      'AsyncCircuitBreaker.run: timeout must be a finite number > 0, got 0',
    );
    await expect(breaker.run(async () => 1, { signal: {} as AbortSignal })).rejects.toThrow(
      /signal must be an AbortSignal/,
    );
  });
});

describe('per-call timeouts with real fetch', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const delay = req.url === '/slow' ? 2_000 : 0;
      const timer = setTimeout(() => res.end('done'), delay);
      req.on('close', () => clearTimeout(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a slow upstream is cut off by the timeout and the request is aborted', async () => {
    const { breaker, log } = make();
    const fast = await breaker.run(async ({ signal }) =>
      (await fetch(`${url}/fast`, { signal })).text(),
    );
    expect(fast).toBe('done');
    const slow = await breaker
      .run(({ signal }) => fetch(`${url}/slow`, { signal }), { timeout: 50 })
      .catch((e: unknown) => e);
    expect(CallTimeoutError.isInstance(slow)).toBe(true);
    expect(log.transitions).toEqual(['closed->open']);
  });
});
