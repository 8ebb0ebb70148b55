import { Listener } from '../listeners/listener';
import type { CallEvent, Signal } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { Cooldown } from '../retries/cooldown';
import { boom, ManualClock, ok } from '../testing/test-kit';
import { TypeOf } from '../trackers/type-of';
import { FailureStreak } from '../trippers/failure-streak';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';
import type { CircuitBreakerInfo } from './info';

class Watcher extends Listener {
  events: CallEvent[] = [];
  attached: CircuitBreakerInfo[] = [];
  notify(_signal: Signal): void {}
  override attach(breaker: { info(): CircuitBreakerInfo }): void {
    this.attached.push(breaker.info());
  }
  override onCall(event: CallEvent): void {
    this.events.push(event);
  }
}

function setup(extra: { tracker?: TypeOf } = {}) {
  const clock = new ManualClock();
  const watcher = new Watcher();
  const breaker = new CircuitBreaker({
    clock,
    permit: new AllowAll(),
    tripper: new FailureStreak(2),
    retry: new Cooldown(1_000),
    listeners: [watcher],
    ...extra,
  });
  return { clock, watcher, breaker };
}

describe('call events', () => {
  test('every outcome is reported with its duration and the state that handled the call', () => {
    const { clock, watcher, breaker } = setup({ tracker: new TypeOf(Error) });
    breaker.call(() => clock.advance(5));
    expect(() =>
      breaker.call(() => {
        clock.advance(3);
        throw 'not an Error: ignored';
      }),
    ).toThrow();
    expect(() => breaker.call(boom)).toThrow();
    expect(() => breaker.call(boom)).toThrow(); // trips
    expect(() => breaker.call(ok)).toThrow(); // rejected
    expect(watcher.events).toEqual([
      { outcome: 'success', duration: 5, state: 'closed' },
      { outcome: 'ignored', duration: 3, state: 'closed' },
      { outcome: 'failure', duration: 0, state: 'closed' },
      { outcome: 'failure', duration: 0, state: 'closed' },
      { outcome: 'rejected', duration: null, state: 'open' },
    ]);
  });

  test('a probe is reported with the half_open state', async () => {
    const clock = new ManualClock();
    const watcher = new Watcher();
    const breaker = new AsyncCircuitBreaker({
      clock,
      permit: new AllowAll(),
      tripper: new FailureStreak(1),
      retry: new Cooldown(10),
      listeners: [watcher],
    });
    await breaker.call(async () => boom()).catch(() => {});
    clock.advance(10);
    await breaker.call(async () => 'probe');
    expect(watcher.events.map((e) => `${e.state}:${e.outcome}`)).toEqual([
      'closed:failure',
      'half_open:success',
    ]);
  });

  test('an onCall that throws is isolated and reported', () => {
    const faults: unknown[] = [];
    const breaker = new CircuitBreaker({
      listeners: [{ notify() {}, onCall: boom }],
      onListenerError: (error, signal) => faults.push([error, signal]),
    });
    expect(breaker.call(ok)).toBe('ok');
    expect(faults).toEqual([[new Error('boom'), undefined]]);
  });

  test('a breaker without onCall listeners measures nothing and emits no events', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({ clock, listeners: [{ notify() {} }] });
    const reads = clock.reads;
    breaker.call(ok);
    expect(clock.reads).toBe(reads);
  });
});

describe('listener attach', () => {
  test('attach is called once, at construction, with a view of the breaker', () => {
    const { watcher, breaker } = setup();
    expect(watcher.attached).toHaveLength(1);
    expect(watcher.attached[0].state).toBe('closed');
    breaker.forceOpen();
    expect(watcher.attached).toHaveLength(1);
  });

  test('a listener with attach cannot serve a second breaker', () => {
    const watcher = new Watcher();
    new CircuitBreaker({ listeners: [watcher] });
    expect(() => new AsyncCircuitBreaker({ listeners: [watcher] })).toThrow(TypeError);
    expect(() => new CircuitBreaker({ listeners: [watcher] })).toThrow(
      /already attached to another breaker; create one listener per circuit/,
    );
  });

  test('a listener without attach may serve many breakers', () => {
    const seen: string[] = [];
    const shared = { notify: (s: Signal) => seen.push(s.newState) };
    const a = new CircuitBreaker({ listeners: [shared] });
    const b = new CircuitBreaker({ listeners: [shared] });
    a.forceOpen();
    b.disable();
    expect(seen).toEqual(['forced_open', 'disabled']);
  });

  test('an attach that throws is reported; the breaker is constructed', () => {
    const faults: unknown[] = [];
    const breaker = new CircuitBreaker({
      listeners: [{ notify() {}, attach: boom }],
      onListenerError: (error) => faults.push(error),
    });
    expect(breaker.call(ok)).toBe('ok');
    expect(faults).toEqual([new Error('boom')]);
  });
});
