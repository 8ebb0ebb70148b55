// Clocks that misbehave: steps back (small, huge, repeated), stalls, NaN, ±Infinity, strings,
// undefined, throwing. The breaker's time never moves backwards and ignores readings that are
// not finite numbers, so an open circuit's wait is never stretched by a fault, and nothing
// trips because of one. See docs/reliability.md, "Clock faults".
import {
  AsyncCircuitBreaker,
  AvgLatency,
  CircuitBreaker,
  Cooldown,
  CountWindow,
  FailureStreak,
  MinRequests,
  SlowRate,
  TimeWindow,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';
import { FaultyClock } from '../support/faulty-clock';
import { capture } from '../support/outcome';

const COOLDOWN = 1_000;
type Kind = 'sync' | 'async';
const KINDS: Kind[] = ['sync', 'async'];

function make(kind: Kind, extra: Record<string, unknown> = {}) {
  const clock = new FaultyClock();
  const faults: unknown[] = [];
  const options = {
    clock,
    window: new CountWindow(10),
    tripper: new FailureStreak(1),
    retry: new Cooldown(COOLDOWN),
    permit: new All(),
    onListenerError: (e: unknown) => faults.push(e),
    ...extra,
  };
  const breaker = kind === 'sync' ? new CircuitBreaker(options) : new AsyncCircuitBreaker(options);
  const call = (fn: () => unknown) => capture(() => breaker.call(fn));
  const trip = async () => {
    await call(() => {
      throw new Error('down');
    });
    expect(breaker.info().state).toBe('open');
  };
  /** Whether a call now is admitted (and, as a probe that succeeds, closes the circuit). */
  const admitted = async () => !(await call(() => 'probe')).threw;
  return { breaker, clock, faults, call, trip, admitted };
}

const BROKEN_READINGS: [string, unknown][] = [
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['a string', '5000'],
  ['undefined', undefined],
  ['null', null],
  ['an object', { valueOf: () => 5_000 }],
];

describe.each(KINDS)('%s breaker', (kind) => {
  test.each([
    ['a little', -500],
    ['a lot', -1e6],
    ['enormously', -1e15],
  ])('a clock that steps back %s does not stretch the wait', async (_label, step) => {
    const { clock, trip, admitted } = make(kind);
    clock.set(10_000);
    await trip();
    clock.advance(step);
    expect(await admitted()).toBe(false);
    clock.advance(COOLDOWN - 1);
    expect(await admitted()).toBe(false);
    clock.advance(1);
    expect(await admitted()).toBe(true);
  });

  test('a sawtooth clock: steps back are ignored, each step forward counts', async () => {
    const { clock, trip, admitted } = make(kind);
    await trip();
    for (let i = 0; i < 3; i++) {
      clock.advance(300);
      expect(await admitted()).toBe(false);
      clock.advance(-300);
      expect(await admitted()).toBe(false);
    }
    // 900 ms counted so far; 100 more open it, although the raw clock is back where it began.
    clock.advance(100);
    expect(await admitted()).toBe(true);
  });

  test('a stalled clock holds time still; the wait counts again once it moves', async () => {
    const { clock, trip, admitted } = make(kind);
    clock.set(50);
    await trip();
    for (let i = 0; i < 100; i++) expect(await admitted()).toBe(false);
    clock.advance(COOLDOWN);
    expect(await admitted()).toBe(true);
  });

  test.each(BROKEN_READINGS)(
    'readings of %s are ignored: time holds, then goes on',
    async (_label, reading) => {
      const { clock, trip, admitted, breaker } = make(kind);
      clock.set(2_000);
      await trip();
      clock.advance(600);
      expect(await admitted()).toBe(false); // 600 ms counted
      clock.reading = reading;
      for (let i = 0; i < 5; i++) expect(await admitted()).toBe(false);
      const info = breaker.info();
      expect(Number.isFinite(info.changedAt) && Number.isFinite(info.retryAt)).toBe(true);
      clock.set(2_600 + 399);
      expect(await admitted()).toBe(false);
      clock.set(2_600 + 400);
      expect(await admitted()).toBe(true);
    },
  );

  test.each(BROKEN_READINGS)(
    'a clock returning %s from the start: calls work, nothing is NaN',
    async (_label, reading) => {
      const { clock, call, breaker } = make(kind, {
        tripper: new MinRequests(3).and(new AvgLatency(50)),
      });
      clock.reading = reading;
      for (let i = 0; i < 10; i++)
        expect(await call(() => 'ok')).toEqual({ threw: false, value: 'ok' });
      const { state, changedAt, metrics } = breaker.info();
      expect(state).toBe('closed');
      expect(Number.isFinite(changedAt)).toBe(true);
      expect(metrics.totalDuration).toBe(0);
      expect(metrics.avgDuration).toBe(0);
    },
  );

  test('a clock that throws: each fault is reported, time holds, calls work', async () => {
    const { clock, trip, admitted, faults } = make(kind);
    await trip();
    clock.advance(700);
    expect(await admitted()).toBe(false);
    const fault = new Error('clock unavailable');
    clock.fault = { value: fault };
    faults.length = 0;
    expect(await admitted()).toBe(false);
    expect(faults.length).toBeGreaterThan(0);
    expect(faults.every((f) => f === fault)).toBe(true);
    clock.set(1_000);
    expect(await admitted()).toBe(true);
  });

  test('a clock stepping back or breaking during calls never trips a latency rule', async () => {
    const { clock, call, breaker } = make(kind, {
      tripper: new MinRequests(1).and(new AvgLatency(1).or(new SlowRate(0.01, { threshold: 1 }))),
      window: new TimeWindow(10_000),
    });
    clock.set(1e6);
    // Each glitch happens while a call runs; the clock then reads a good value again (after a
    // step back, the lower one: going back up would be time passing).
    const glitches: (() => void)[] = [
      () => clock.advance(-1e5),
      () => (clock.reading = Number.NaN),
      () => (clock.reading = Number.NEGATIVE_INFINITY),
      () => (clock.fault = { value: new Error('gone') }),
    ];
    for (const glitch of glitches) {
      let good = clock.reading as number;
      const got = await call(() => {
        glitch();
        if (typeof clock.reading === 'number' && Number.isFinite(clock.reading))
          good = clock.reading;
        return 'ok';
      });
      expect(got).toEqual({ threw: false, value: 'ok' });
      clock.set(good);
    }
    const { state, metrics } = breaker.info();
    expect(state).toBe('closed');
    expect(metrics.totalCount).toBe(4);
    expect(metrics.totalDuration).toBe(0);
  });

  test('after a huge jump forward, waits are exact again', async () => {
    const { clock, trip, admitted } = make(kind);
    clock.advance(1e12);
    await trip();
    clock.advance(COOLDOWN - 1);
    expect(await admitted()).toBe(false);
    clock.advance(1);
    expect(await admitted()).toBe(true);
  });

  test('one absurd reading (1e300) does not do away with every later wait', async () => {
    const { clock, trip, admitted, breaker } = make(kind);
    clock.set(5_000);
    clock.reading = 1e300;
    breaker.info(); // the breaker reads the glitch
    clock.set(5_000);
    await trip();
    expect(await admitted()).toBe(false);
    clock.advance(COOLDOWN);
    expect(await admitted()).toBe(true);
  });
});
