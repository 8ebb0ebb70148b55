// Regression tests: extreme values, re-entrant listeners and construction (issue 13 items 1, 5,
// 7, 10, 14, 16).
import { CallNotPermittedError } from '../errors';
import { AsyncListener, type BreakerView, Listener } from '../listeners/listener';
import type { CallEvent, Signal } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { Cooldown } from '../retries/cooldown';
import { Retry } from '../retries/retry';
import { boom, deferred, ManualClock, ok, recorder } from '../testing/test-kit';
import { FailureStreak } from '../trippers/failure-streak';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';

const flushMicrotasks = async () => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

class HugeDelay extends Retry {
  delay(): number {
    return 9e15;
  }
}

describe('an epoch time past Date range (item 1)', () => {
  it('a huge retry delay reads as never: info() and rejections do not throw', async () => {
    const sync = new CircuitBreaker({ tripper: new FailureStreak(1), retry: new HugeDelay() });
    expect(() => sync.call(boom)).toThrow('boom');
    expect(sync.info().retryAt).toBe(Number.POSITIVE_INFINITY);
    expect(() => sync.call(ok)).toThrow(CallNotPermittedError);
    expect(sync.snapshot().retryAt).toBeNull();
    const async = new AsyncCircuitBreaker({
      tripper: new FailureStreak(1),
      retry: new HugeDelay(),
    });
    await expect(async.call(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
    const rejection = async.call(async () => 'x');
    await expect(rejection).rejects.toBeInstanceOf(CallNotPermittedError);
    await expect(rejection).rejects.toMatchObject({ retryAt: Number.POSITIVE_INFINITY });
  });
});

describe('an async listener awaiting a control from inside notify (item 5)', () => {
  it('does not deadlock its queue: flush() and later controls settle', async () => {
    let breaker!: AsyncCircuitBreaker;
    const seen: string[] = [];
    class Resetting extends AsyncListener {
      async notify(signal: Signal): Promise<void> {
        seen.push(`${signal.oldState}->${signal.newState}`);
        if (signal.newState === 'forced_open') await breaker.reset();
      }
    }
    breaker = new AsyncCircuitBreaker({ listeners: [new Resetting()] });
    let flushed = false;
    let controlled = false;
    void breaker.forceOpen();
    void breaker.flush().then(() => {
      flushed = true;
    });
    await flushMicrotasks();
    expect(flushed).toBe(true);
    void breaker.metricsOnly().then(() => {
      controlled = true;
    });
    await flushMicrotasks();
    expect(controlled).toBe(true);
    expect(seen).toEqual(['closed->forced_open', 'forced_open->closed', 'closed->metrics_only']);
  });
});

class Attaching extends Listener {
  attached = 0;
  notify(): void {}
  override attach(_breaker: BreakerView): void {
    this.attached++;
  }
}

describe('construction is all-or-nothing (item 7)', () => {
  it('an invalid option after the listeners attaches nothing', () => {
    const listener = new Attaching();
    expect(() => new AsyncCircuitBreaker({ listeners: [listener], maxHalfOpenCalls: 0 })).toThrow(
      RangeError,
    );
    expect(listener.attached).toBe(0);
    expect(() => new AsyncCircuitBreaker({ listeners: [listener] })).not.toThrow();
    expect(listener.attached).toBe(1);
  });

  it('the same listener listed twice is refused before either is attached', () => {
    const listener = new Attaching();
    expect(() => new CircuitBreaker({ listeners: [listener, listener] })).toThrow(
      'Attaching is already attached to this breaker; create one listener per circuit',
    );
    expect(listener.attached).toBe(0);
  });
});

describe('measureDurations: false (item 10)', () => {
  it('reports call events with duration null, never 0', async () => {
    const events: CallEvent[] = [];
    const listener = { notify() {}, onCall: (event: CallEvent) => events.push(event) };
    const breaker = new AsyncCircuitBreaker({
      measureDurations: false,
      tripper: new FailureStreak(1),
      listeners: [listener],
    });
    await breaker.call(async () => 'v');
    await breaker.call(() => Promise.reject(new Error('x'))).catch(() => {});
    expect(events.map((e) => [e.outcome, e.duration])).toEqual([
      ['success', null],
      ['failure', null],
    ]);
  });
});

describe('flush() while an async listener is stuck (item 14)', () => {
  it('shares one idle promise instead of parking a waiter per call', () => {
    const stuck = deferred();
    const breaker = new AsyncCircuitBreaker({ listeners: [() => stuck.promise] });
    void breaker.forceOpen();
    const first = breaker.flush();
    for (let i = 0; i < 1_000; i++) expect(breaker.flush()).toBe(first);
    stuck.resolve();
    return first;
  });
});

describe('epoch times follow the wall clock (item 16)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the wall clock at each transition; deadlines stay monotonic', () => {
    let wall = 1_700_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => wall);
    const clock = new ManualClock();
    const log = recorder();
    const breaker = new CircuitBreaker({
      clock,
      permit: new AllowAll(),
      tripper: new FailureStreak(1),
      retry: new Cooldown(1_000),
      listeners: [log.fn],
    });
    // The host slept for an hour: the wall clock jumped, the monotonic clock did not.
    wall += 3_600_000;
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(log.signals[0]!.timestamp).toBe(wall);
    expect(breaker.info()).toMatchObject({ changedAt: wall, retryAt: wall + 1_000 });
    // The deadline is monotonic: a wall-clock step back does not stretch the wait.
    wall -= 86_400_000;
    clock.advance(1_000);
    expect(breaker.call(ok)).toBe('ok');
    expect(log.signals.map((s) => s.timestamp)).toEqual([wall + 86_400_000, wall, wall]);
  });
});
