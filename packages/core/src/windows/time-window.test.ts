import type { CallRecord } from '../metric';
import { lcg, SLOW_AT, view } from '../testing/test-kit';
import { TimeWindow } from './time-window';

function rec(success: boolean, duration: number, at: number, slowAt = SLOW_AT): CallRecord {
  return { success, duration, slowAt, at };
}
const ok = (duration: number, at: number) => rec(true, duration, at);
const fail = (duration: number, at: number) => rec(false, duration, at);

describe('TimeWindow', () => {
  test('an empty window has zero counts and null rates', () => {
    const window = new TimeWindow(10_000);
    for (const metric of [window.metric(), window.metric(123_456)]) {
      expect(view(metric)).toEqual({
        totalCount: 0,
        failureCount: 0,
        totalDuration: 0,
        slowCounts: [],
      });
      expect(metric.avgDuration).toBeNull();
      expect(metric.failureRate).toBeNull();
      expect(metric.slowRate(100)).toBeNull();
    }
  });

  test('is timed and exposes its configuration (bucketMs defaults to 1000)', () => {
    const window = new TimeWindow(10_000);
    expect(window.timed).toBe(true);
    expect(window.durationMs).toBe(10_000);
    expect(window.bucketMs).toBe(1_000);
    expect(new TimeWindow(2_000, { bucketMs: 250 }).bucketMs).toBe(250);
  });

  test('aggregates counts, failures, durations (failed calls included) and slow calls', () => {
    const window = new TimeWindow(10_000);
    for (const call of [ok(99, 0), ok(100, 10), fail(249, 20), ok(250, 1_500), fail(600, 2_000)]) {
      window.record(call);
    }
    const metric = window.metric();
    expect(view(metric)).toEqual({
      totalCount: 5,
      failureCount: 2,
      totalDuration: 1_298,
      slowCounts: [
        [100, 4],
        [250, 2],
        [500, 1],
      ],
    });
    expect(metric.avgDuration).toBeCloseTo(259.6, 12);
    expect(metric.failureRate).toBe(0.4);
    expect(metric.slowRate(100)).toBe(0.8);
    expect(metric.slowRate(250)).toBe(0.4);
    expect(metric.slowRate(500)).toBe(0.2);
    expect(metric.slowRate(99)).toBeNull();
  });

  // With 1 s buckets and 10 s, the window is the current bucket and the nine before it: a call
  // leaves when its bucket is durationMs older than the current one.
  test.each([
    [0, 9_999, 10_000],
    [999, 9_999, 10_000],
    [1_000, 10_999, 11_000],
    [4_321, 13_999, 14_000],
  ])('a call at %i is still counted at %i and gone at %i', (at, stillIn, gone) => {
    const window = new TimeWindow(10_000);
    window.record(fail(300, at));
    expect(window.metric(stillIn).totalCount).toBe(1);
    const metric = window.metric(gone);
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
  });

  test('never counts a call older than durationMs', () => {
    const window = new TimeWindow(10_000);
    window.record(ok(1, 999));
    expect(window.metric(999 + 10_000).totalCount).toBe(0);
  });

  test('metric(now) expires old buckets one by one without a record', () => {
    const window = new TimeWindow(10_000);
    for (let second = 0; second < 10; second++) {
      window.record(second % 2 === 0 ? fail(second * 100, second * 1_000) : ok(50, second * 1_000));
    }
    expect(window.metric(9_999).totalCount).toBe(10);
    // Buckets 0..3 leave at once when time jumps to 13.5 s.
    expect(view(window.metric(13_500))).toEqual({
      totalCount: 6,
      failureCount: 3, // calls at 4 s, 6 s, 8 s
      totalDuration: 400 + 600 + 800 + 3 * 50,
      slowCounts: [
        [100, 3],
        [250, 3],
        [500, 2],
      ],
    });
    expect(window.metric(18_999).totalCount).toBe(1);
    expect(window.metric(19_000).totalCount).toBe(0);
  });

  test('metric() without a time, or with an earlier time, expires nothing', () => {
    const window = new TimeWindow(10_000);
    window.record(ok(1, 0));
    window.record(ok(1, 5_000));
    expect(window.metric().totalCount).toBe(2);
    expect(window.metric(1_000).totalCount).toBe(2);
    expect(window.metric(Number.NaN).totalCount).toBe(2);
    expect(window.metric(12_000).totalCount).toBe(1);
    expect(window.metric(3_000).totalCount).toBe(1); // time never flows back
  });

  test('a record expires the buckets it moves past', () => {
    const window = new TimeWindow(10_000);
    window.record(fail(700, 0));
    window.record(ok(20, 10_500));
    expect(view(window.metric())).toEqual({
      totalCount: 1,
      failureCount: 0,
      totalDuration: 20,
      slowCounts: [
        [100, 0],
        [250, 0],
        [500, 0],
      ],
    });
  });

  test('a clock that goes backwards files the call in the newest bucket', () => {
    const window = new TimeWindow(10_000);
    window.record(ok(1, 5_000));
    window.record(fail(1, 1_000)); // stepped back 4 s: filed with the call at 5 s
    expect(window.metric(11_000).totalCount).toBe(2); // bucket 1 would have left here
    expect(window.metric(14_999).totalCount).toBe(2);
    expect(window.metric(15_000).totalCount).toBe(0);
  });

  test('a huge jump forward clears everything, and the window keeps working after it', () => {
    const window = new TimeWindow(10_000);
    for (let at = 0; at < 4_000; at += 500) window.record(fail(600, at));
    const far = 1e12;
    const metric = window.metric(far);
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

    window.record(ok(10, far + 5));
    window.record(fail(300, far + 2_000));
    expect(window.metric().totalCount).toBe(2);
    expect(window.metric(far + 10_000).totalCount).toBe(1);
    expect(window.metric(far + 12_000).totalCount).toBe(0);
  });

  test('a jump of exactly durationMs clears everything', () => {
    const window = new TimeWindow(10_000);
    window.record(ok(1, 9_000));
    window.record(ok(2, 19_000));
    expect(view(window.metric())).toMatchObject({ totalCount: 1, totalDuration: 2 });
  });

  test('custom buckets: 2 s in 250 ms buckets', () => {
    const window = new TimeWindow(2_000, { bucketMs: 250 });
    window.record(ok(1, 100)); // bucket 0
    window.record(ok(2, 300)); // bucket 1
    expect(window.metric(1_999).totalCount).toBe(2);
    expect(window.metric(2_000).totalCount).toBe(1);
    expect(window.metric(2_249).totalCount).toBe(1);
    expect(window.metric(2_250).totalCount).toBe(0);
  });

  test('copies what it needs: the breaker reuses one record object', () => {
    const window = new TimeWindow(10_000);
    const shared: CallRecord = { success: false, duration: 300, slowAt: SLOW_AT, at: 0 };
    window.record(shared);
    shared.success = true;
    shared.duration = 10;
    shared.at = 5_000;
    window.record(shared);
    expect(view(window.metric(10_000))).toEqual({
      totalCount: 1,
      failureCount: 0,
      totalDuration: 10,
      slowCounts: [
        [100, 0],
        [250, 0],
        [500, 0],
      ],
    });
  });

  test('a window emptied by expiry reports a total duration of exactly 0', () => {
    const window = new TimeWindow(10_000);
    window.record(ok(0.1, 0));
    window.record(ok(0.2, 0));
    window.record(ok(0.3, 1_000));
    expect(window.metric(10_000).totalDuration).toBeCloseTo(0.3, 12);
    const metric = window.metric(11_000);
    expect(metric.totalCount).toBe(0);
    expect(metric.totalDuration).toBe(0);
  });

  test('reset() forgets every call; buckets from before it never leave twice', () => {
    const window = new TimeWindow(10_000);
    for (let i = 0; i < 3; i++) window.record(fail(600, 0));
    window.reset();
    expect(view(window.metric())).toEqual({
      totalCount: 0,
      failureCount: 0,
      totalDuration: 0,
      slowCounts: [
        [100, 0],
        [250, 0],
        [500, 0],
      ],
    });
    window.record(ok(5, 500)); // the same bucket as the forgotten calls
    window.record(ok(7, 5_000));
    expect(window.metric().totalCount).toBe(2);
    expect(view(window.metric(10_000))).toEqual({
      totalCount: 1,
      failureCount: 0,
      totalDuration: 7,
      slowCounts: [
        [100, 0],
        [250, 0],
        [500, 0],
      ],
    });
    expect(window.metric(15_000).totalCount).toBe(0);
  });

  test('a changed slowAt array restarts slow counting for the new thresholds', () => {
    const window = new TimeWindow(10_000);
    window.record(ok(600, 0));
    window.record(ok(600, 100));
    const other: readonly number[] = [50, 1_000];
    window.record(rec(true, 70, 200, other));
    const metric = window.metric();
    expect([...metric.slowCounts]).toEqual([
      [50, 1],
      [1_000, 0],
    ]);
    expect(metric.slowRate(50)).toBe(1);
    expect(metric.slowRate(100)).toBeNull();
    expect(metric.totalCount).toBe(1); // the window starts over
    expect(window.metric(10_000).totalCount).toBe(0);
  });

  test('an equal copy of the slowAt array keeps the counts (contents, not identity)', () => {
    const window = new TimeWindow(10_000);
    window.record(ok(600, 0));
    window.record(rec(false, 300, 100, [100, 250, 500]));
    expect(view(window.metric())).toEqual({
      totalCount: 2,
      failureCount: 1,
      totalDuration: 900,
      slowCounts: [
        [100, 2],
        [250, 2],
        [500, 1],
      ],
    });
  });

  test('bucket numbers past 2 ** 53 (where b + 1 === b) still move the window, and end', () => {
    const window = new TimeWindow(4, { bucketMs: 0.5 }); // 8 buckets
    window.record(ok(1, 2 ** 53)); // bucket 2 ** 54, where doubles are 4 apart
    window.metric(2 ** 53 + 2); // 4 buckets on: a `b++` loop never gets there
    window.record(ok(1, 2 ** 53 + 2));
    expect(window.metric(2 ** 53 + 2).totalCount).toBeGreaterThan(0);
    expect(window.metric(2 ** 53 + 64).totalCount).toBe(0);
  });

  test.each([
    [10_000, 1_000],
    [2_000, 250],
    [5_000, 5_000],
  ])(
    'matches a reference model over pseudo-random times (%i ms in %i ms buckets)',
    (durationMs, bucketMs) => {
      const window = new TimeWindow(durationMs, { bucketMs });
      const n = durationMs / bucketMs;
      const random = lcg(durationMs + bucketMs);
      // The model: a call belongs to max(its bucket, the newest bucket seen) and counts while it
      // is among the last n buckets.
      let newest = Number.NEGATIVE_INFINITY;
      let calls: { bucket: number; call: CallRecord }[] = [];
      let now = 0;
      for (let i = 0; i < 2_000; i++) {
        const step = random();
        if (step < 0.05)
          now -= Math.floor(random() * 3 * bucketMs); // the clock steps back
        else if (step < 0.07)
          now += durationMs + Math.floor(random() * durationMs); // a jump
        else now += Math.floor(random() * bucketMs * 1.5);
        if (random() < 0.2) {
          window.metric(now);
        } else {
          const call = rec(random() < 0.4, Math.floor(random() * 700), now);
          window.record(call);
          const bucket = Math.max(Math.floor(now / bucketMs), newest);
          calls.push({ bucket, call });
        }
        newest = Math.max(newest, Math.floor(now / bucketMs));
        calls = calls.filter((c) => newest - c.bucket < n);
        const live = calls.map((c) => c.call);
        expect(view(window.metric())).toEqual({
          totalCount: live.length,
          failureCount: live.filter((c) => !c.success).length,
          totalDuration: live.reduce((sum, c) => sum + c.duration, 0),
          slowCounts: SLOW_AT.map((t) => [t, live.filter((c) => c.duration >= t).length]),
        });
      }
    },
  );

  test('stays exact over an hour in 3 600 buckets after 144 000 records (O(1) running totals)', () => {
    const hour = 3_600_000;
    const window = new TimeWindow(hour);
    const calls: CallRecord[] = [];
    for (let i = 0; i < 144_000; i++) {
      const call = rec(i % 5 !== 0, (i * 37) % 1_000, i * 50); // one call every 50 ms for 2 h
      calls.push(call);
      window.record(call);
    }
    const expected = (from: number) => {
      const live = calls.filter((c) => c.at >= from);
      return {
        totalCount: live.length,
        failureCount: live.filter((c) => !c.success).length,
        totalDuration: live.reduce((sum, c) => sum + c.duration, 0),
        slowCounts: SLOW_AT.map((t) => [t, live.filter((c) => c.duration >= t).length]),
      };
    };
    expect(view(window.metric())).toEqual(expected(hour));
    expect(view(window.metric(2.5 * hour))).toEqual(expected(1.5 * hour + 1_000));
    expect(window.metric(3 * hour).totalCount).toBe(0);
  });

  describe('validation', () => {
    test.each([
      [0, RangeError, 'TimeWindow: durationMs must be a finite number > 0, got 0'],
      [-1, RangeError, 'TimeWindow: durationMs must be a finite number > 0, got -1'],
      [Number.NaN, RangeError, 'TimeWindow: durationMs must be a finite number > 0, got NaN'],
      [Infinity, RangeError, 'TimeWindow: durationMs must be a finite number > 0, got Infinity'],
      ['1000', TypeError, 'TimeWindow: durationMs must be a finite number > 0, got "1000"'],
      [null, TypeError, 'TimeWindow: durationMs must be a finite number > 0, got null'],
      [undefined, TypeError, 'TimeWindow: durationMs must be a finite number > 0, got undefined'],
    ])('refuses durationMs %p', (durationMs, type, message) => {
      const make = () => new TimeWindow(durationMs as number);
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });

    test.each([
      [0, RangeError, 'TimeWindow: bucketMs must be a finite number > 0, got 0'],
      [-250, RangeError, 'TimeWindow: bucketMs must be a finite number > 0, got -250'],
      [Number.NaN, RangeError, 'TimeWindow: bucketMs must be a finite number > 0, got NaN'],
      [Infinity, RangeError, 'TimeWindow: bucketMs must be a finite number > 0, got Infinity'],
      ['100', TypeError, 'TimeWindow: bucketMs must be a finite number > 0, got "100"'],
      [null, TypeError, 'TimeWindow: bucketMs must be a finite number > 0, got null'],
    ])('refuses bucketMs %p', (bucketMs, type, message) => {
      const make = () => new TimeWindow(10_000, { bucketMs: bucketMs as number });
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message));
    });

    test.each([
      [null, 'TimeWindow: options must be an object, got null'],
      [1_000, 'TimeWindow: options must be an object, got 1000'],
      ['fast', 'TimeWindow: options must be an object, got "fast"'],
    ])('refuses options %p', (options, message) => {
      const make = () => new TimeWindow(10_000, options as never);
      expect(make).toThrow(new TypeError(message));
    });

    test('accepts a fractional duration and bucket', () => {
      const window = new TimeWindow(2.5, { bucketMs: 0.5 });
      expect([window.durationMs, window.bucketMs]).toEqual([2.5, 0.5]);
    });
  });
});

describe('TimeWindow bucket limits', () => {
  test('bucketMs may not exceed durationMs', () => {
    expect(() => new TimeWindow(500, { bucketMs: 1_000 })).toThrow(
      new RangeError('TimeWindow: bucketMs must be <= durationMs (500), got 1000'),
    );
    expect(new TimeWindow(500, { bucketMs: 500 }).bucketMs).toBe(500);
    expect(new TimeWindow(500).bucketMs).toBe(500); // the default 1000 is clamped
  });

  test('a window of more than a million buckets is refused before it allocates', () => {
    expect(() => new TimeWindow(3_600_000, { bucketMs: 0.001 })).toThrow(
      new RangeError('TimeWindow: bucketMs must be >= durationMs / 1000000 (3.6), got 0.001'),
    );
    expect(() => new TimeWindow(1_000_000, { bucketMs: 1 })).not.toThrow();
  });
});
