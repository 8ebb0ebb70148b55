import { CallNotPermittedError } from '../errors';
import { AsyncListener } from '../listeners/listener';
import type { Signal } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { RampUp } from '../permits/ramp-up';
import { Backoff } from '../retries/backoff';
import { Cooldown } from '../retries/cooldown';
import { Never } from '../retries/never';
import { boom, ManualClock, ok, recorder, sequence } from '../testing/test-kit';
import { Custom } from '../trackers/custom';
import { TypeOf } from '../trackers/type-of';
import { AvgLatency } from '../trippers/avg-latency';
import { FailureRate } from '../trippers/failure-rate';
import { FailureStreak } from '../trippers/failure-streak';
import { MinRequests } from '../trippers/min-requests';
import { CountWindow } from '../windows/count-window';
import { TimeWindow } from '../windows/time-window';
import { CircuitBreaker } from './circuit-breaker';
import type { CircuitBreakerOptions } from './options';

function make(options: CircuitBreakerOptions = {}) {
  const clock = new ManualClock();
  const log = recorder();
  const breaker = new CircuitBreaker({
    clock,
    permit: new AllowAll(),
    tripper: new FailureStreak(1),
    retry: new Cooldown(1_000),
    listeners: [log.fn],
    ...options,
  });
  return { breaker, clock, log };
}

function fail(breaker: CircuitBreaker): unknown {
  try {
    breaker.call(boom);
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('CircuitBreaker calls', () => {
  test('returns the value and passes the arguments through', () => {
    const { breaker } = make();
    expect(breaker.call((a: number, b: string) => `${a}${b}`, 1, 'x')).toBe('1x');
    expect(breaker.info().metrics.totalCount).toBe(1);
  });

  test('re-throws the function error after recording it', () => {
    const { breaker } = make({ tripper: new FailureStreak(5) });
    const error = new Error('dependency down');
    expect(() =>
      breaker.call(() => {
        throw error;
      }),
    ).toThrow(error);
    expect(breaker.info().metrics).toMatchObject({ totalCount: 1, failureCount: 1 });
  });

  test.each([null, undefined, 'text', 42, Symbol('s')])(
    'a hostile thrown value (%p) reaches the caller unchanged and counts',
    (value) => {
      const { breaker } = make({ tripper: new FailureStreak(5) });
      let caught: unknown = 'nothing';
      try {
        breaker.call(() => {
          throw value;
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBe(value);
      expect(breaker.info().metrics.failureCount).toBe(1);
    },
  );

  test('an error the tracker ignores is re-thrown and not recorded', () => {
    const { breaker, log } = make({ tracker: new TypeOf(TypeError) });
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().metrics.totalCount).toBe(0);
    expect(breaker.info().state).toBe('closed');
    expect(log.transitions).toEqual([]);
  });

  test('a tracker that throws counts the error as a failure and is reported', () => {
    const faults: unknown[] = [];
    const { breaker } = make({
      tracker: new Custom(() => {
        throw new Error('tracker bug');
      }),
      tripper: new FailureStreak(5),
      onListenerError: (error) => faults.push(error),
    });
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().metrics.failureCount).toBe(1);
    expect(faults).toEqual([new Error('tracker bug')]);
  });

  test('a function that returns a promise is refused with a TypeError naming AsyncCircuitBreaker', async () => {
    const { breaker } = make();
    const rejected = Promise.reject(new Error('async failure'));
    expect(() => breaker.call(() => rejected)).toThrow(TypeError);
    expect(() => breaker.call(() => rejected)).toThrow(/AsyncCircuitBreaker/);
    expect(breaker.info().metrics.totalCount).toBe(0);
    // The jest setup fails this test if the rejection was left unhandled.
    await new Promise((resolve) => setImmediate(resolve));
  });

  test('wrap keeps the parameters and the return value', () => {
    const { breaker } = make();
    const add = breaker.wrap((a: number, b: number) => a + b);
    expect(add(2, 3)).toBe(5);
    expect(breaker.info().metrics.totalCount).toBe(1);
  });

  test('wrap with a fallback serves the fallback for rejections and errors', () => {
    const { breaker } = make();
    const errors: unknown[] = [];
    const read = breaker.wrap(boom as () => string, {
      fallback: (error) => {
        errors.push(error);
        return 'cached';
      },
    });
    expect(read()).toBe('cached'); // the function's own error; opens the circuit
    expect(read()).toBe('cached'); // rejected by the open circuit
    expect(errors[0]).toEqual(new Error('boom'));
    expect(CallNotPermittedError.isInstance(errors[1])).toBe(true);
  });

  test('callWithFallback returns the value, or the fallback for any error', () => {
    const { breaker } = make();
    expect(
      breaker.callWithFallback(
        (x: number) => x * 2,
        () => -1,
        21,
      ),
    ).toBe(42);
    expect(breaker.callWithFallback(boom, () => 'fallback')).toBe('fallback');
    expect(breaker.callWithFallback(ok, (e) => (e as Error).name)).toBe('CallNotPermittedError');
  });
});

describe('CircuitBreaker transitions (SPEC §3)', () => {
  test('closed -> open when the tripper says so, and open rejects fast', () => {
    const { breaker, clock, log } = make({ tripper: new FailureStreak(2) });
    fail(breaker);
    expect(breaker.info().state).toBe('closed');
    clock.advance(5);
    fail(breaker);
    expect(breaker.info().state).toBe('open');
    expect(log.transitions).toEqual(['closed->open']);
    const calls = jest.fn(ok);
    const error = (() => {
      try {
        breaker.call(calls);
      } catch (e) {
        return e as CallNotPermittedError;
      }
    })();
    expect(calls).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(CallNotPermittedError);
    expect(error?.state).toBe('open');
    expect(error?.retryAt).toBe(breaker.info().retryAt);
    expect(breaker.info().retryAt! - breaker.info().changedAt).toBe(1_000);
  });

  test('open -> half_open on the first call at the retry deadline; that call is a probe', () => {
    const { breaker, clock, log } = make();
    fail(breaker);
    clock.advance(999);
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    clock.advance(1);
    expect(breaker.call(ok)).toBe('ok');
    expect(log.transitions).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  test('half_open -> open on a failed probe increments reopens; closed clears it', () => {
    const { breaker, clock, log } = make();
    fail(breaker);
    clock.advance(1_000);
    fail(breaker);
    expect(breaker.info()).toMatchObject({ state: 'open', reopens: 1 });
    expect(log.signals.at(-1)).toMatchObject({
      oldState: 'half_open',
      newState: 'open',
      reopens: 1,
    });
    clock.advance(1_000);
    breaker.call(ok);
    expect(breaker.info()).toMatchObject({ state: 'closed', reopens: 0 });
  });

  test('Backoff waits 10 s, 20 s, 40 s ... capped at maxDuration', () => {
    const { breaker, clock } = make({
      retry: new Backoff({ initial: 10_000, maxDuration: 60_000 }),
    });
    fail(breaker);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const info = breaker.info();
      const wait = info.retryAt! - info.changedAt;
      waits.push(wait);
      clock.advance(wait);
      fail(breaker); // a failed probe
    }
    expect(waits).toEqual([10_000, 20_000, 40_000, 60_000, 60_000]);
  });

  test('jitter is drawn once, when the circuit opens', () => {
    const random = jest.fn(sequence(0, 0.5, 0.5));
    const { breaker } = make({ retry: new Cooldown(1_000, { jitterRatio: 0.5 }), random });
    fail(breaker);
    const { retryAt, changedAt } = breaker.info();
    expect(retryAt! - changedAt).toBe(500);
    for (let i = 0; i < 3; i++) expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    expect(breaker.info().retryAt).toBe(retryAt);
    expect(random).toHaveBeenCalledTimes(1);
  });

  test('a failed probe with FailureStreak(3) does not reopen: the streak was cleared on entry', () => {
    const { breaker, clock, log } = make({ tripper: new FailureStreak(3) });
    fail(breaker);
    fail(breaker);
    fail(breaker);
    expect(breaker.info().state).toBe('open');
    clock.advance(1_000);
    fail(breaker);
    expect(breaker.info().state).toBe('half_open');
    expect(log.transitions).toEqual(['closed->open', 'open->half_open']);
  });

  test('the default tripper: 50 % of 100 calls trips; in half_open one failure reopens', () => {
    const clock = new ManualClock();
    const log = recorder();
    const breaker = new CircuitBreaker({ clock, listeners: [log.fn], permit: new AllowAll() });
    for (let i = 0; i < 50; i++) breaker.call(ok);
    for (let i = 0; i < 49; i++) fail(breaker);
    expect(breaker.info().state).toBe('closed');
    fail(breaker); // the 100th call, the 50th failure
    expect(breaker.info().state).toBe('open');
    expect(log.signals[0].metrics).toMatchObject({ totalCount: 100, failureRate: 0.5 });
    clock.advance(60_000); // the default Cooldown(60_000)
    fail(breaker);
    expect(log.transitions).toEqual(['closed->open', 'open->half_open', 'half_open->open']);
  });

  test('the default permit (RampUp 0.1 -> 1 over 60 s) rejects most early probes', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({
      clock,
      tripper: new FailureStreak(1),
      retry: new Cooldown(1_000),
      random: sequence(0.5, 0.5, 0.05),
    });
    fail(breaker);
    clock.advance(1_000);
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError); // 0.5 >= 0.1
    expect(breaker.info().state).toBe('half_open');
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    expect(breaker.call(ok)).toBe('ok'); // 0.05 < 0.1
    expect(breaker.info().state).toBe('closed');
  });

  test('RampUp 0.1 -> 0.8 over 60 s admits 27.5 % at 15 s', () => {
    const { breaker, clock } = make({
      permit: new RampUp({ initial: 0.1, final: 0.8, duration: 60_000 }),
      random: sequence(0.99, 0.2751, 0.2749),
    });
    fail(breaker);
    clock.advance(1_000);
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError); // enters half_open
    clock.advance(15_000);
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    expect(breaker.call(ok)).toBe('ok');
  });

  test('Never keeps the circuit open with retryAt Infinity until reset()', () => {
    const { breaker, clock, log } = make({ retry: new Never() });
    fail(breaker);
    expect(breaker.info().retryAt).toBe(Number.POSITIVE_INFINITY);
    clock.advance(1e12);
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    breaker.reset();
    expect(breaker.call(ok)).toBe('ok');
    expect(log.transitions).toEqual(['closed->open', 'open->closed']);
  });

  test('every transition clears the window and sets changedAt; the signal carries the window before', () => {
    const { breaker, clock, log } = make({ tripper: new FailureStreak(2) });
    breaker.call(ok);
    fail(breaker);
    clock.advance(250);
    fail(breaker);
    expect(breaker.info().metrics.totalCount).toBe(0);
    expect(log.signals[0].metrics).toMatchObject({
      totalCount: 3,
      failureCount: 2,
      failureRate: 2 / 3,
    });
    expect(breaker.info().changedAt).toBe(log.signals[0].timestamp);
    expect(log.signals[0].timestamp - Date.now()).toBeLessThan(1_000);
  });

  test('a signal carries the failure streak that led to it', () => {
    const { breaker, clock, log } = make({ tripper: new FailureStreak(3) });
    breaker.call(ok);
    fail(breaker);
    fail(breaker);
    fail(breaker);
    clock.advance(1_000);
    breaker.call(ok);
    expect(log.signals.map((s) => [s.newState, s.consecutiveFailures])).toEqual([
      ['open', 3],
      ['half_open', 3],
      ['closed', 0],
    ]);
  });

  test('the metrics of a signal and of info() are copies that later calls do not change', () => {
    const { breaker, log } = make({ tripper: new FailureStreak(5) });
    breaker.call(ok);
    const info = breaker.info();
    breaker.metricsOnly();
    breaker.call(ok);
    breaker.call(ok);
    expect(info.metrics.totalCount).toBe(1);
    expect(log.signals[0].metrics.totalCount).toBe(1);
    expect(Object.isFrozen(log.signals[0])).toBe(true);
  });
});

describe('CircuitBreaker operational states', () => {
  test('metrics_only runs and records every call but never trips', () => {
    const { breaker, log } = make();
    breaker.metricsOnly();
    for (let i = 0; i < 10; i++) fail(breaker);
    expect(breaker.info()).toMatchObject({ state: 'metrics_only' });
    expect(breaker.info().metrics.failureCount).toBe(10);
    expect(log.transitions).toEqual(['closed->metrics_only']);
  });

  test('disabled runs calls untouched and records nothing', () => {
    const { breaker, clock } = make();
    breaker.disable();
    const reads = clock.reads;
    for (let i = 0; i < 5; i++) fail(breaker);
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info().metrics.totalCount).toBe(0);
    expect(breaker.info().state).toBe('disabled');
    expect(clock.reads).toBe(reads + 2); // only the two info() calls
  });

  test('forced_open rejects every call until reset()', () => {
    const { breaker, clock, log } = make();
    breaker.forceOpen();
    clock.advance(1e9);
    let error: CallNotPermittedError | undefined;
    try {
      breaker.call(ok);
    } catch (e) {
      error = e as CallNotPermittedError;
    }
    expect(error).toMatchObject({ state: 'forced_open', retryAt: null });
    expect(breaker.info().retryAt).toBeNull();
    breaker.reset();
    expect(breaker.call(ok)).toBe('ok');
    expect(log.transitions).toEqual(['closed->forced_open', 'forced_open->closed']);
  });

  test('a manual control always signals, even when the state does not change', () => {
    const { breaker, log } = make();
    breaker.reset();
    breaker.disable();
    breaker.disable();
    expect(log.transitions).toEqual(['closed->closed', 'closed->disabled', 'disabled->disabled']);
  });

  test('reset() clears the window, the streak and reopens', () => {
    const { breaker, clock } = make({ tripper: new FailureStreak(2) });
    fail(breaker);
    fail(breaker);
    clock.advance(1_000);
    fail(breaker); // probe fails: reopens 1
    breaker.reset();
    expect(breaker.info()).toMatchObject({ state: 'closed', reopens: 0, retryAt: null });
    fail(breaker);
    expect(breaker.info().state).toBe('closed'); // the streak restarted at 0
  });
});

describe('CircuitBreaker clock use', () => {
  test('a closed-state call with a CountWindow and no latency rule reads no clock', () => {
    const { breaker, clock } = make({ tripper: new FailureStreak(1000) });
    const reads = clock.reads;
    for (let i = 0; i < 100; i++) breaker.call(ok);
    for (let i = 0; i < 10; i++) fail(breaker);
    expect(clock.reads).toBe(reads);
    expect(breaker.info().metrics).toMatchObject({ totalDuration: 0, avgDuration: null });
  });

  test('a latency rule turns duration measuring on and records failed calls with their duration', () => {
    const { breaker, clock } = make({ tripper: new MinRequests(3).and(new AvgLatency(100)) });
    breaker.call(() => clock.advance(50));
    breaker.callWithFallback(() => {
      clock.advance(150);
      throw new Error('slow failure');
    }, ok);
    expect(breaker.info().metrics).toMatchObject({ totalDuration: 200, avgDuration: 100 });
    expect(breaker.info().state).toBe('closed');
    breaker.call(() => clock.advance(100));
    expect(breaker.info().state).toBe('open'); // avg 100 reaches 100
  });

  test('measureDurations: true measures without a latency rule; false never does', () => {
    const on = make({ measureDurations: true, tripper: new FailureStreak(9) });
    on.breaker.call(() => on.clock.advance(7));
    expect(on.breaker.info().metrics.avgDuration).toBe(7);
    const off = make({ measureDurations: false, tripper: new AvgLatency(5) });
    const reads = off.clock.reads;
    off.breaker.call(() => off.clock.advance(7));
    expect(off.clock.reads).toBe(reads);
    expect(off.breaker.info().metrics.avgDuration).toBeNull();
  });

  test('a TimeWindow reads the clock once per call and ages calls out', () => {
    const { breaker, clock } = make({
      window: new TimeWindow(10_000),
      tripper: new MinRequests(3).and(new FailureRate(1)),
    });
    fail(breaker);
    fail(breaker);
    clock.advance(11_000);
    expect(breaker.info().metrics.totalCount).toBe(0);
    fail(breaker);
    expect(breaker.info().state).toBe('closed'); // the first two failures aged out
  });
});

describe('CircuitBreaker with the default clock', () => {
  afterEach(() => jest.useRealTimers());

  test("jest's fake timers drive it, also for a breaker created before they were faked", () => {
    const breaker = new CircuitBreaker({ tripper: new FailureStreak(1), permit: new AllowAll() });
    jest.useFakeTimers();
    expect(() => breaker.call(boom)).toThrow('boom');
    jest.advanceTimersByTime(59_999);
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    jest.advanceTimersByTime(1);
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info().state).toBe('closed');
  });
});

describe('CircuitBreaker listeners', () => {
  test('listeners run in the order given, after the state changed', () => {
    const order: string[] = [];
    const { breaker } = make({
      listeners: [
        () => order.push(`first:${breaker.info().state}`),
        { notify: () => order.push('second') },
      ],
    });
    fail(breaker);
    expect(order).toEqual(['first:open', 'second']);
  });

  test('a listener that throws is reported and the next one still runs', () => {
    const faults: [unknown, string | undefined][] = [];
    const later = jest.fn();
    const { breaker } = make({
      listeners: [
        () => {
          throw new Error('listener bug');
        },
        later,
      ],
      onListenerError: (error, signal) => faults.push([error, signal?.newState]),
    });
    fail(breaker);
    expect(breaker.info().state).toBe('open');
    expect(later).toHaveBeenCalledTimes(1);
    expect(faults).toEqual([[new Error('listener bug'), 'open']]);
  });

  test('the default onListenerError writes one line to console.error', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { breaker } = make({
        listeners: [
          () => {
            throw new Error('listener bug');
          },
        ],
      });
      fail(breaker);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0][0])).toMatch(/closed -> open.*listener bug/);
    } finally {
      spy.mockRestore();
    }
  });

  test('an onListenerError that throws does not break the breaker', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { breaker } = make({
        listeners: [boom],
        onListenerError: () => {
          throw new Error('handler bug');
        },
      });
      fail(breaker);
      expect(breaker.info().state).toBe('open');
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test('a listener that moves the breaker from notify: every listener still sees the order', () => {
    const seen: string[] = [];
    const { breaker } = make({
      listeners: [
        (s: Signal) => {
          if (s.newState === 'open') breaker.reset();
        },
        (s: Signal) => seen.push(`${s.oldState}->${s.newState}`),
      ],
    });
    fail(breaker);
    expect(seen).toEqual(['closed->open', 'open->closed']);
    expect(breaker.info().state).toBe('closed');
  });

  test('a listener returning a value whose then getter throws is reported like a throw', () => {
    const faults: unknown[] = [];
    const hostile = {
      get then(): never {
        throw new Error('hostile then');
      },
    };
    const later = jest.fn();
    const { breaker } = make({
      listeners: [() => hostile as unknown as undefined, later],
      onListenerError: (error) => faults.push(error),
    });
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(later).toHaveBeenCalledTimes(1);
    expect(faults).toEqual([new Error('hostile then')]);
  });

  test('a plain function listener that rejects is caught and reported', async () => {
    const faults: unknown[] = [];
    const { breaker } = make({
      listeners: [() => Promise.reject(new Error('late failure'))],
      onListenerError: (error) => faults.push(error),
    });
    fail(breaker);
    await new Promise((resolve) => setImmediate(resolve));
    expect(faults).toEqual([new Error('late failure')]);
  });

  test('an AsyncListener instance is refused at construction', () => {
    class Hook extends AsyncListener {
      async notify(): Promise<void> {}
    }
    expect(() => new CircuitBreaker({ listeners: [new Hook()] })).toThrow(TypeError);
    expect(() => new CircuitBreaker({ listeners: [new Hook()] })).toThrow(/AsyncCircuitBreaker/);
  });
});

describe('CircuitBreaker resultTracker', () => {
  test('a flagged result is recorded as a failure but still returned', () => {
    const { breaker, log } = make({
      resultTracker: (r) => (r as { status: number }).status >= 500,
    });
    const response = { status: 503 };
    expect(breaker.call(() => response)).toBe(response);
    expect(log.transitions).toEqual(['closed->open']);
  });

  test('wrap can give its own resultTracker', () => {
    const { breaker } = make({ tripper: new FailureStreak(9) });
    const get = breaker.wrap((status: number) => ({ status }), {
      resultTracker: (r) => (r as { status: number }).status >= 500,
    });
    get(200);
    get(500);
    expect(breaker.info().metrics).toMatchObject({ totalCount: 2, failureCount: 1 });
  });

  test('a resultTracker that throws counts the call as a failure and is reported', () => {
    const faults: unknown[] = [];
    const { breaker } = make({
      tripper: new FailureStreak(9),
      resultTracker: () => {
        throw new Error('tracker bug');
      },
      onListenerError: (error, signal) => faults.push([error, signal]),
    });
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info().metrics.failureCount).toBe(1);
    expect(faults).toEqual([[new Error('tracker bug'), undefined]]);
  });
});

describe('CircuitBreaker with faulty user components', () => {
  test('a permit that throws is reported and the call probes', () => {
    const faults: unknown[] = [];
    class Broken extends AllowAll {
      override admit(): boolean {
        throw new Error('permit bug');
      }
    }
    const { breaker, clock } = make({
      permit: new Broken(),
      onListenerError: (error) => faults.push(error),
    });
    fail(breaker);
    clock.advance(1_000);
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info().state).toBe('closed');
    expect(faults).toEqual([new Error('permit bug')]);
  });

  test('a retry whose delay throws is reported and the default cooldown is used', () => {
    const faults: unknown[] = [];
    class Broken extends Cooldown {
      override delay(): number {
        throw new Error('retry bug');
      }
    }
    const { breaker } = make({
      retry: new Broken(5),
      onListenerError: (error) => faults.push(error),
    });
    fail(breaker);
    const info = breaker.info();
    expect(info.retryAt! - info.changedAt).toBe(60_000);
    expect(faults).toEqual([new Error('retry bug')]);
  });

  test('a tripper that throws is reported and does not trip', () => {
    const faults: unknown[] = [];
    class Broken extends FailureStreak {
      override evaluate(): boolean {
        throw new Error('tripper bug');
      }
    }
    const { breaker } = make({
      tripper: new Broken(1),
      onListenerError: (error) => faults.push(error),
    });
    fail(breaker);
    expect(breaker.info().state).toBe('closed');
    expect(faults).toEqual([new Error('tripper bug')]);
  });
});

describe('CircuitBreaker construction', () => {
  test('works with no options at all', () => {
    const breaker = new CircuitBreaker();
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info()).toMatchObject({ state: 'closed', reopens: 0, retryAt: null });
  });

  test.each<[string, unknown, RegExp]>([
    ['options', 5, /CircuitBreaker: options must be an object, got 5/],
    ['unknown option', { windw: 1 }, /unknown option 'windw'/],
    ['window', { window: {} }, /CircuitBreaker: window must be an instance of Window/],
    ['tracker', { tracker: 1 }, /tracker must be an instance of Tracker/],
    ['tripper', { tripper: () => true }, /tripper must be an instance of Tripper/],
    ['retry', { retry: 1000 }, /retry must be an instance of Retry, got 1000/],
    ['permit', { permit: null }, /permit must be an instance of Permit, got null/],
    ['clock', { clock: () => 1 }, /clock must be an object with a now\(\) method/],
    ['random', { random: 0.5 }, /random must be a function, got 0.5/],
    ['listeners', { listeners: 3 }, /listeners must be an iterable of listeners/],
    ['listener', { listeners: [{}] }, /listeners\[0\] must be a function or an object with notify/],
    ['measureDurations', { measureDurations: 'yes' }, /measureDurations must be a boolean/],
    ['resultTracker', { resultTracker: true }, /resultTracker must be a function/],
    ['onListenerError', { onListenerError: 'log' }, /onListenerError must be a function/],
    ['initialState', { initialState: { state: 'open' } }, /not a fluxgate breaker snapshot/],
  ])('bad %s is a TypeError naming it', (_name, options, message) => {
    expect(() => new CircuitBreaker(options as CircuitBreakerOptions)).toThrow(TypeError);
    expect(() => new CircuitBreaker(options as CircuitBreakerOptions)).toThrow(message);
  });

  test('a window instance may be validated, and a CountWindow(1) is legal', () => {
    const { breaker } = make({ window: new CountWindow(1), tripper: new FailureRate(1) });
    breaker.call(ok);
    fail(breaker);
    expect(breaker.info().state).toBe('open');
  });
});
