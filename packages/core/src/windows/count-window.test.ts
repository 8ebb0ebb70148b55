import type { CallRecord, Metric } from '../metric';
import { lcg, SLOW_AT, view } from '../testing/test-kit';
import { CountWindow, MAX_COUNT_WINDOW_SIZE } from './count-window';

function rec(success: boolean, duration: number, slowAt = SLOW_AT): CallRecord {
  return { success, duration, slowAt, at: 0 };
}
const ok = (duration: number) => rec(true, duration);
const fail = (duration: number) => rec(false, duration);

function fill(window: CountWindow, records: CallRecord[]): Metric {
  for (const record of records) window.record(record);
  return window.metric();
}

describe('CountWindow', () => {
  test('an empty window has zero counts and null rates', () => {
    const metric = new CountWindow(10).metric();
    expect(view(metric)).toEqual({
      totalCount: 0,
      failureCount: 0,
      totalDuration: 0,
      slowCounts: [],
    });
    expect(metric.avgDuration).toBeNull();
    expect(metric.failureRate).toBeNull();
    expect(metric.slowRate(100)).toBeNull();
  });

  test('is not timed, so the breaker need not read the clock for it', () => {
    expect(new CountWindow(10).timed).toBe(false);
  });

  test('aggregates counts, failures and durations, failed calls included', () => {
    const metric = fill(new CountWindow(10), [ok(10), ok(20), fail(40), ok(30)]);
    expect(metric.totalCount).toBe(4);
    expect(metric.failureCount).toBe(1);
    expect(metric.totalDuration).toBe(100);
    expect(metric.avgDuration).toBe(25);
    expect(metric.failureRate).toBe(0.25);
  });

  test('counts slow calls per threshold with ">=" semantics', () => {
    const metric = fill(new CountWindow(10), [
      ok(99),
      ok(100),
      ok(249),
      ok(250),
      ok(600),
      fail(500),
    ]);
    expect(metric.slowCounts).toEqual(
      new Map([
        [100, 5],
        [250, 3],
        [500, 2],
      ]),
    );
    expect(metric.slowRate(100)).toBeCloseTo(5 / 6, 12);
    expect(metric.slowRate(250)).toBe(0.5);
    expect(metric.slowRate(500)).toBeCloseTo(1 / 3, 12);
  });

  test('slowRate of a threshold nobody tracks is null', () => {
    const metric = fill(new CountWindow(10), [ok(1_000)]);
    expect(metric.slowRate(99)).toBeNull();
    expect(metric.slowRate(1_000)).toBeNull();
  });

  test('evicts the oldest call once full', () => {
    const window = new CountWindow(3);
    fill(window, [fail(10), ok(20), ok(300)]);
    expect(view(window.metric())).toEqual({
      totalCount: 3,
      failureCount: 1,
      totalDuration: 330,
      slowCounts: [
        [100, 1],
        [250, 1],
        [500, 0],
      ],
    });

    window.record(ok(40)); // the failure of 10 ms leaves
    expect(view(window.metric())).toEqual({
      totalCount: 3,
      failureCount: 0,
      totalDuration: 360,
      slowCounts: [
        [100, 1],
        [250, 1],
        [500, 0],
      ],
    });

    window.record(fail(500)); // 20 leaves
    window.record(ok(1)); // 300 leaves
    expect(view(window.metric())).toEqual({
      totalCount: 3,
      failureCount: 1,
      totalDuration: 541,
      slowCounts: [
        [100, 1],
        [250, 1],
        [500, 1],
      ],
    });
  });

  test('a window of size 1 holds only the last call', () => {
    const window = new CountWindow(1);
    expect(fill(window, [fail(700)]).failureRate).toBe(1);
    const metric = fill(window, [ok(5)]);
    expect(view(metric)).toEqual({
      totalCount: 1,
      failureCount: 0,
      totalDuration: 5,
      slowCounts: [
        [100, 0],
        [250, 0],
        [500, 0],
      ],
    });
  });

  test.each([1, 3, 7, 64])(
    'matches a reference model over pseudo-random calls (size %i)',
    (size) => {
      const window = new CountWindow(size);
      const random = lcg(size);
      const calls: CallRecord[] = [];
      for (let i = 0; i < 1_000; i++) {
        const call = rec(random() < 0.3, Math.floor(random() * 800));
        calls.push(call);
        window.record(call);
        const last = calls.slice(-size);
        expect(view(window.metric())).toEqual({
          totalCount: last.length,
          failureCount: last.filter((c) => !c.success).length,
          totalDuration: last.reduce((sum, c) => sum + c.duration, 0),
          slowCounts: SLOW_AT.map((t) => [t, last.filter((c) => c.duration >= t).length]),
        });
      }
    },
  );

  test('copies what it needs: the breaker reuses one record object', () => {
    const window = new CountWindow(2);
    const shared: CallRecord = { success: false, duration: 300, slowAt: SLOW_AT, at: 0 };
    window.record(shared);
    shared.success = true;
    shared.duration = 10;
    window.record(shared);
    shared.duration = 20;
    window.record(shared); // the failure of 300 ms leaves
    expect(view(window.metric())).toEqual({
      totalCount: 2,
      failureCount: 0,
      totalDuration: 30,
      slowCounts: [
        [100, 0],
        [250, 0],
        [500, 0],
      ],
    });
  });

  test('keeps fractional durations accurate across evictions', () => {
    const window = new CountWindow(2);
    const metric = fill(window, [ok(0.1), ok(0.2), ok(0.3), ok(0.4)]);
    expect(metric.totalDuration).toBeCloseTo(0.7, 12);
    expect(metric.avgDuration).toBeCloseTo(0.35, 12);
  });

  test('reset() forgets every call, and the window refills and evicts correctly after it', () => {
    const window = new CountWindow(3);
    fill(window, [fail(600), fail(600), ok(600), fail(600)]);
    window.reset();
    const metric = window.metric();
    expect(view(metric)).toEqual({
      totalCount: 0,
      failureCount: 0,
      totalDuration: 0,
      slowCounts: [
        [100, 0],
        [250, 0],
        [500, 0],
      ],
    });
    expect(metric.failureRate).toBeNull();
    expect(metric.avgDuration).toBeNull();

    fill(window, [ok(1), ok(2), fail(3), ok(4)]); // 1 leaves
    expect(view(window.metric())).toEqual({
      totalCount: 3,
      failureCount: 1,
      totalDuration: 9,
      slowCounts: [
        [100, 0],
        [250, 0],
        [500, 0],
      ],
    });
  });

  test('a changed slowAt array restarts slow counting for the new thresholds', () => {
    const window = new CountWindow(10);
    fill(window, [ok(600), ok(600)]);
    const other: readonly number[] = [50, 1_000];
    window.record(rec(true, 70, other));
    const metric = window.metric();
    expect([...metric.slowCounts]).toEqual([
      [50, 1],
      [1_000, 0],
    ]);
    expect(metric.slowRate(50)).toBe(1);
    expect(metric.slowRate(100)).toBeNull();
    // The old calls were never classified against the new thresholds: the window starts over.
    expect(metric.totalCount).toBe(1);
  });

  test('an equal copy of the slowAt array keeps the counts (contents, not identity)', () => {
    const window = new CountWindow(10);
    fill(window, [ok(600), fail(120)]);
    window.record(rec(true, 300, [...SLOW_AT])); // a caller feeding the window its own array
    window.record(rec(false, 50, [100, 250, 500]));
    expect(view(window.metric())).toEqual({
      totalCount: 4,
      failureCount: 2,
      totalDuration: 1_070,
      slowCounts: [
        [100, 3],
        [250, 2],
        [500, 1],
      ],
    });
    window.record(rec(true, 1, [100, 250])); // really different thresholds: starts over
    expect(window.metric().totalCount).toBe(1);
  });

  test('a window without slow thresholds still counts everything else', () => {
    const none: readonly number[] = [];
    const window = new CountWindow(2);
    for (const d of [5, 7, 9]) window.record(rec(false, d, none));
    expect(view(window.metric())).toEqual({
      totalCount: 2,
      failureCount: 2,
      totalDuration: 16,
      slowCounts: [],
    });
  });

  test('matches a plain list of the last calls, whatever mix of unmeasured and measured calls', () => {
    // The window takes a short path for calls without a duration or thresholds (the default):
    // it must agree with the full one however the two kinds interleave, before and after the
    // first measured call, across evictions and resets.
    const none: readonly number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const random = lcg(seed);
      const size = 1 + Math.floor(random() * 6);
      const window = new CountWindow(size);
      let kept: { success: boolean; duration: number }[] = [];
      let slowAt = none;
      for (let step = 0; step < 200; step++) {
        const roll = random();
        if (roll < 0.02) {
          window.reset();
          kept = [];
          continue;
        }
        if (roll < 0.04) {
          // New thresholds restart the window (see 'a changed slowAt array ...').
          slowAt = slowAt === none ? SLOW_AT : none;
          kept = [];
        }
        const success = random() < 0.6;
        const duration = step > 50 && random() < 0.5 ? Math.floor(random() * 600) : 0;
        window.record(rec(success, duration, slowAt));
        kept = [...kept, { success, duration }].slice(-size);
        const expected = {
          totalCount: kept.length,
          failureCount: kept.filter((c) => !c.success).length,
          totalDuration: kept.reduce((sum, c) => sum + c.duration, 0),
          slowCounts: slowAt.map((t) => [t, kept.filter((c) => c.duration >= t).length]),
        };
        expect({ seed, step, ...view(window.metric()) }).toEqual({ seed, step, ...expected });
      }
    }
  });

  test('stays exact at size 100 000 after 250 000 records (O(1) running totals)', () => {
    const size = 100_000;
    const window = new CountWindow(size);
    const calls: CallRecord[] = [];
    for (let i = 0; i < 250_000; i++) {
      const call = rec(i % 7 !== 0, i % 1_000);
      calls.push(call);
      window.record(call);
    }
    const last = calls.slice(-size);
    expect(view(window.metric())).toEqual({
      totalCount: size,
      failureCount: last.filter((c) => !c.success).length,
      totalDuration: last.reduce((sum, c) => sum + c.duration, 0),
      slowCounts: SLOW_AT.map((t) => [t, last.filter((c) => c.duration >= t).length]),
    });
  });

  describe('validation', () => {
    test.each([
      [0, RangeError, 'CountWindow: size must be a positive integer, got 0'],
      [-1, RangeError, 'CountWindow: size must be a positive integer, got -1'],
      [1.5, RangeError, 'CountWindow: size must be a positive integer, got 1.5'],
      [Number.NaN, RangeError, 'CountWindow: size must be a positive integer, got NaN'],
      [Infinity, RangeError, 'CountWindow: size must be a positive integer, got Infinity'],
      ['10', TypeError, 'CountWindow: size must be a positive integer, got "10"'],
      [null, TypeError, 'CountWindow: size must be a positive integer, got null'],
      [undefined, TypeError, 'CountWindow: size must be a positive integer, got undefined'],
    ])('refuses size %p', (size, type, message) => {
      const make = () => new CountWindow(size as number);
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });

    test.each([
      [2 ** 32 + 1, 'CountWindow: size must be <= 1000000 (MAX_COUNT_WINDOW_SIZE), got 4294967297'],
      [2 ** 30, 'CountWindow: size must be <= 1000000 (MAX_COUNT_WINDOW_SIZE), got 1073741824'],
      [
        MAX_COUNT_WINDOW_SIZE + 1,
        'CountWindow: size must be <= 1000000 (MAX_COUNT_WINDOW_SIZE), got 1000001',
      ],
    ])('refuses size %p before allocating anything', (size, message) => {
      expect(() => new CountWindow(size)).toThrow(new RangeError(message));
    });

    test('accepts the largest size', () => {
      expect(new CountWindow(MAX_COUNT_WINDOW_SIZE).size).toBe(1_000_000);
    });

    test('accepts positive integers and exposes the size', () => {
      expect(new CountWindow(1).size).toBe(1);
      expect(new CountWindow(100).size).toBe(100);
    });
  });
});
