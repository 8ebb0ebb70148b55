import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallTimeoutError } from '../errors';
import type { CallEvent } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { Cooldown } from '../retries/cooldown';
import { deferred, ManualClock, recorder } from '../testing/test-kit';
import { TypeOf } from '../trackers/type-of';
import { FailureStreak } from '../trippers/failure-streak';
import { SlowRate } from '../trippers/slow-rate';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import type { AsyncCircuitBreakerOptions } from './options';
import type { RunOptions } from './run-context';

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

  test('a call that settles in time never times out, and the timer is not re-armed', async () => {
    const { breaker, events } = make({ timeout: 1_000 });
    expect(jest.getTimerCount()).toBe(0);
    await expect(breaker.call(async () => 'fast')).resolves.toBe('fast');
    await expect(breaker.run(async ({ signal }) => signal.aborted)).resolves.toBe(false);
    // The shared timer is let lapse rather than cleared per call; it fires once and stops.
    expect(jest.getTimerCount()).toBeLessThanOrEqual(1);
    jest.advanceTimersByTime(2_000);
    expect(jest.getTimerCount()).toBe(0);
    expect(events.map((e) => e.outcome)).toEqual(['success', 'success']);
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
    jest.advanceTimersByTime(2_000);
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
    await expect(
      breaker.run(async () => 1, { timout: 100 } as unknown as { timeout: number }),
    ).rejects.toThrow(
      "AsyncCircuitBreaker.run: unknown option 'timout'; the options are timeout, signal",
    );
    await expect(breaker.run(async () => 1, { timeout: Infinity })).rejects.toThrow(RangeError);
  });

  test('odd options objects get the same checks as plain ones', async () => {
    const { breaker } = make();
    const fn = async () => 1;
    const refused = (options: unknown) => breaker.run(fn, options as RunOptions);
    await expect(refused(null)).rejects.toThrow(
      'AsyncCircuitBreaker.run: options must be an object, got null',
    );
    await expect(refused([])).rejects.toThrow(TypeError);
    await expect(refused({ timeout: 5, extra: 1 })).rejects.toThrow("unknown option 'extra'");
    const throwing = Object.defineProperty({}, 'timeout', {
      enumerable: true,
      get() {
        throw new Error('no timeout here');
      },
    });
    await expect(refused(throwing)).rejects.toThrow(
      'AsyncCircuitBreaker.run: options could not be read: Error: no timeout here',
    );
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trapped');
        },
      },
    );
    await expect(refused(trap)).rejects.toThrow('options could not be read');
    // Inherited keys are never refused, and an inherited option is read (as destructuring does).
    const inherited = Object.create({ timout: 1, timeout: 0 }) as RunOptions;
    await expect(breaker.run(fn, inherited)).rejects.toThrow('timeout must be a finite number');
    await expect(breaker.run(fn, Object.create({ extra: 1 }))).resolves.toBe(1);
    // A getter that works is read once per call, like a data property.
    let reads = 0;
    const counted = {
      get timeout() {
        reads++;
        return 50;
      },
    };
    await expect(breaker.run(fn, counted)).resolves.toBe(1);
    expect(reads).toBe(1);
  });

  test('one options object reused by concurrent calls: each call keeps its own values', async () => {
    jest.useFakeTimers();
    try {
      const { breaker } = make({ tripper: new FailureStreak(100) });
      const options: { timeout: number; signal?: AbortSignal } = { timeout: 100 };
      const first = breaker.run(() => new Promise(() => {}), options).catch((e: unknown) => e);
      options.timeout = 1_000;
      const controller = new AbortController();
      options.signal = controller.signal;
      const second = breaker.run(() => new Promise(() => {}), options).catch((e: unknown) => e);
      jest.advanceTimersByTime(150);
      expect(await first).toBeInstanceOf(CallTimeoutError);
      controller.abort(new Error('second only'));
      expect(((await second) as Error).message).toBe('second only');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('the shared deadline timer (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('calls with different timeouts time out in deadline order, never early', async () => {
    const { breaker } = make({ tripper: new FailureStreak(100) });
    const t0 = performance.now();
    const order: string[] = [];
    const times = new Map<string, number>();
    const start = (name: string, timeout: number) =>
      breaker
        .run(() => new Promise(() => {}), { timeout })
        .catch(() => {
          order.push(name);
          times.set(name, performance.now() - t0);
        });
    const calls = [start('a', 300), start('b', 100), start('c', 200), start('d', 100)];
    for (let ms = 1; ms <= 400; ms++) {
      jest.advanceTimersByTime(1);
      for (let tick = 0; tick < 3; tick++) await Promise.resolve();
      if (ms === 150) calls.push(start('e', 100)); // due at 250
    }
    await Promise.all(calls);
    expect(order).toEqual(['b', 'd', 'c', 'e', 'a']);
    const due = { a: 300, b: 100, c: 200, d: 100, e: 250 };
    for (const [name, at] of Object.entries(due)) {
      expect(times.get(name)).toBeGreaterThanOrEqual(at);
      expect(times.get(name)).toBeLessThanOrEqual(at + 100 / 32 + 2);
    }
    expect(breaker.info().metrics.failureCount).toBe(5);
  });

  test('a breaker that measures durations gives its calls exact deadlines', async () => {
    const { breaker } = make({ timeout: 100, tripper: new SlowRate(1, { threshold: 50 }) });
    let timedOut = false;
    jest.advanceTimersByTime(7);
    breaker.call(() => new Promise(() => {})).catch(() => (timedOut = true));
    jest.advanceTimersByTime(99);
    await Promise.resolve();
    expect(timedOut).toBe(false);
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(timedOut).toBe(true);
  });

  test('many settled calls never time out; no timer is armed while idle', async () => {
    const { breaker, events } = make({ timeout: 50 });
    expect(jest.getTimerCount()).toBe(0);
    let most = 0;
    for (let i = 0; i < 300; i++) {
      await breaker.call(async () => i);
      most = Math.max(most, jest.getTimerCount());
      jest.advanceTimersByTime(1);
    }
    expect(most).toBe(1);
    jest.advanceTimersByTime(1_000);
    expect(jest.getTimerCount()).toBe(0);
    expect(events.every((e) => e.outcome === 'success')).toBe(true);
  });

  test('timeouts past setTimeout range work: 2 ** 31 ms and 30 days never fire early', async () => {
    const days30 = 30 * 24 * 3_600_000;
    const { breaker } = make({ timeout: days30, tripper: new FailureStreak(5) });
    const settled: string[] = [];
    breaker.call(() => new Promise(() => {})).catch(() => settled.push('30 days'));
    breaker
      .run(() => new Promise(() => {}), { timeout: 2 ** 31 })
      .catch(() => settled.push('2^31'));
    jest.advanceTimersByTime(2 ** 31 - 1);
    await Promise.resolve();
    expect(settled).toEqual([]);
    jest.advanceTimersByTime(2 ** 31 / 32 + 1);
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toEqual(['2^31']);
    jest.advanceTimersByTime(days30 - 2 ** 31 - 2 ** 31 / 32 - 2);
    await Promise.resolve();
    expect(settled).toEqual(['2^31']);
    jest.advanceTimersByTime(days30 / 32 + 2);
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toEqual(['2^31', '30 days']);
  });

  test('a manual clock for cooldowns does not stop timeouts from following the timers', async () => {
    const clock = new ManualClock();
    const { breaker } = make({ timeout: 100, clock });
    const call = breaker.call(() => new Promise(() => {})).catch((e: unknown) => e);
    jest.advanceTimersByTime(100 + 100 / 32 + 1);
    expect(CallTimeoutError.isInstance(await call)).toBe(true);
  });
});

describe('the lazy signal', () => {
  const Original = globalThis.AbortController;
  let created = 0;
  beforeEach(() => {
    created = 0;
    globalThis.AbortController = class extends Original {
      constructor() {
        super();
        created++;
      }
    };
  });
  afterEach(() => {
    globalThis.AbortController = Original;
  });

  test('call, wrap and a run that never reads ctx.signal create no AbortSignal', async () => {
    const { breaker } = make({ timeout: 1_000 });
    await breaker.call(async () => 1);
    await breaker.wrap(async () => 2)();
    await breaker.run(async () => 3);
    await breaker.run(async () => 4, { signal: new Original().signal });
    expect(created).toBe(0);
    await breaker.run(async ({ signal }) => signal.aborted);
    expect(created).toBe(1);
  });

  test('a signal first read after the timeout is already aborted with its reason', async () => {
    jest.useFakeTimers();
    try {
      const { breaker } = make();
      let ctx: { signal: AbortSignal } | undefined;
      const call = breaker
        .run(
          (c) => {
            ctx = c;
            return new Promise(() => {});
          },
          { timeout: 10 },
        )
        .catch((e: unknown) => e);
      jest.advanceTimersByTime(20);
      const error = await call;
      expect(created).toBe(0);
      expect(ctx!.signal.aborted).toBe(true);
      expect(ctx!.signal.reason).toBe(error);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("the caller's signal", () => {
  test('many concurrent runs share one abort listener, removed when the last settles', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { breaker } = make({ timeout: 60_000 });
      const controller = new AbortController();
      const gates = Array.from({ length: 50 }, () => deferred<number>());
      const calls = gates.map((gate) =>
        breaker.run(() => gate.promise, { signal: controller.signal }),
      );
      expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      for (const [i, gate] of gates.entries()) gate.resolve(i);
      await Promise.all(calls);
      expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Aborting afterwards reaches nobody.
      controller.abort();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('one abort settles every call that shares the signal', async () => {
    const { breaker, events } = make({ tripper: new FailureStreak(100) });
    const controller = new AbortController();
    const calls = Array.from({ length: 20 }, () =>
      breaker.run(() => new Promise(() => {}), { signal: controller.signal }).catch((e) => e),
    );
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await Promise.all(calls)).toEqual(calls.map(() => reason));
    expect(events.map((e) => e.outcome)).toEqual(calls.map(() => 'ignored'));
    expect(breaker.info().metrics.totalCount).toBe(0);
  });

  test('AbortSignal.timeout() is a timeout: a failure that trips the breaker', async () => {
    const { breaker, log, events } = make();
    const signal = AbortSignal.timeout(5);
    const error = await breaker
      .run(() => new Promise(() => {}), { signal })
      .catch((e: unknown) => e);
    expect(error).toBe(signal.reason);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(events.map((e) => e.outcome)).toEqual(['timeout']);
    expect(log.transitions).toEqual(['closed->open']);
  });

  test('a deadline through AbortSignal.any counts; a plain abort through it does not', async () => {
    const { breaker, events } = make({ tripper: new FailureStreak(100) });
    const deadline = new AbortController();
    const user = new AbortController();
    const first = breaker
      .run(() => new Promise(() => {}), { signal: AbortSignal.any([user.signal, deadline.signal]) })
      .catch((e: unknown) => e);
    deadline.abort(new DOMException('deadline passed', 'TimeoutError'));
    expect(await first).toMatchObject({ name: 'TimeoutError' });
    const second = breaker
      .run(() => new Promise(() => {}), {
        signal: AbortSignal.any([new AbortController().signal, user.signal]),
      })
      .catch((e: unknown) => e);
    user.abort();
    expect(await second).toMatchObject({ name: 'AbortError' });
    expect(events.map((e) => e.outcome)).toEqual(['timeout', 'ignored']);
    expect(breaker.info().metrics).toMatchObject({ totalCount: 1, failureCount: 1 });
  });

  test("a tracker that ignores the caller's TimeoutError records nothing", async () => {
    const { breaker, events } = make({ tracker: new TypeOf(TypeError) });
    const controller = new AbortController();
    const call = breaker
      .run(() => new Promise(() => {}), { signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort(new DOMException('late', 'TimeoutError'));
    await call;
    expect(events.map((e) => e.outcome)).toEqual(['timeout']);
    expect(breaker.info()).toMatchObject({ state: 'closed', metrics: { totalCount: 0 } });
  });

  test("a nested breaker sees the outer one's timeout as an ignored abort", async () => {
    jest.useFakeTimers();
    try {
      const outer = make({ tripper: new FailureStreak(100) });
      const inner = make({ tripper: new FailureStreak(100) });
      const call = outer.breaker
        .run(({ signal }) => inner.breaker.run(() => new Promise(() => {}), { signal }), {
          timeout: 50,
        })
        .catch((e: unknown) => e);
      jest.advanceTimersByTime(60);
      expect(CallTimeoutError.isInstance(await call)).toBe(true);
      await Promise.resolve();
      expect(outer.events.map((e) => e.outcome)).toEqual(['timeout']);
      expect(inner.events.map((e) => e.outcome)).toEqual(['ignored']);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a hostile reason whose name getter throws is an ignored abort', async () => {
    const { breaker, events } = make();
    const controller = new AbortController();
    const reason = {
      get name(): string {
        throw new Error('no name');
      },
    };
    const call = breaker
      .run(() => new Promise(() => {}), { signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort(reason);
    expect(await call).toBe(reason);
    expect(events.map((e) => e.outcome)).toEqual(['ignored']);
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
