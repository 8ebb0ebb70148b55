import { MetricSnapshot } from './metric';
import { CountWindow } from './windows/count-window';

const slow = (entries: [number, number][]) => new Map(entries);

describe('MetricSnapshot', () => {
  test('an empty window has null rates and a null average', () => {
    const metric = new MetricSnapshot(0, 0, 0, slow([[100, 0]]), true);
    expect(metric.totalCount).toBe(0);
    expect(metric.failureRate).toBeNull();
    expect(metric.avgDuration).toBeNull();
    expect(metric.slowRate(100)).toBeNull(); // tracked, but there is nothing to divide
  });

  test('derives the rates and the average from the counts', () => {
    const metric = new MetricSnapshot(4, 1, 100, slow([[100, 2]]), true);
    expect(metric.failureCount).toBe(1);
    expect(metric.totalDuration).toBe(100);
    expect(metric.avgDuration).toBe(25);
    expect(metric.failureRate).toBe(0.25);
    expect(metric.slowRate(100)).toBe(0.5);
  });

  test('a tracked threshold with no slow call has a rate of 0, not null', () => {
    expect(new MetricSnapshot(3, 0, 30, slow([[100, 0]]), true).slowRate(100)).toBe(0);
  });

  test('slowRate of an untracked threshold is null', () => {
    const metric = new MetricSnapshot(4, 1, 100, slow([[100, 2]]), true);
    expect(metric.slowRate(200)).toBeNull();
    expect(metric.slowRate(Number.NaN)).toBeNull();
  });

  test('measured=false reports durations as unknown: totalDuration 0, avgDuration null', () => {
    const metric = new MetricSnapshot(4, 2, 100, slow([]), false);
    expect(metric.totalDuration).toBe(0);
    expect(metric.avgDuration).toBeNull();
    expect(metric.failureRate).toBe(0.5); // counts are still known
  });

  test('empty() is an empty window, measured or not', () => {
    for (const metric of [MetricSnapshot.empty(), MetricSnapshot.empty(true)]) {
      expect(metric.toJSON()).toEqual({
        totalCount: 0,
        failureCount: 0,
        totalDuration: 0,
        avgDuration: null,
        failureRate: null,
        slowCounts: {},
      });
      expect(metric.slowCounts.size).toBe(0);
    }
  });

  test('toJSON() is plain data, the slow counts keyed by threshold', () => {
    const metric = new MetricSnapshot(
      4,
      1,
      1_000,
      slow([
        [100, 3],
        [500, 1],
      ]),
      true,
    );
    const expected = {
      totalCount: 4,
      failureCount: 1,
      totalDuration: 1_000,
      avgDuration: 250,
      failureRate: 0.25,
      slowCounts: { '100': 3, '500': 1 },
    };
    expect(metric.toJSON()).toEqual(expected);
    expect(JSON.parse(JSON.stringify(metric))).toEqual(expected);
  });

  test('JSON.stringify keeps the nulls of an empty window', () => {
    expect(JSON.parse(JSON.stringify(MetricSnapshot.empty()))).toEqual({
      totalCount: 0,
      failureCount: 0,
      totalDuration: 0,
      avgDuration: null,
      failureRate: null,
      slowCounts: {},
    });
  });

  test('the rates and the average are own fields, so spreading keeps them', () => {
    const spread = { ...new MetricSnapshot(2, 1, 10, slow([]), true) };
    expect(spread).toMatchObject({ avgDuration: 5, failureRate: 0.5 });
  });

  test('of() copies a live metric; the copy does not follow the window', () => {
    const thresholds: readonly number[] = [100];
    const window = new CountWindow(10);
    window.record({ success: false, duration: 150, slowAt: thresholds, at: 0 });
    window.record({ success: true, duration: 50, slowAt: thresholds, at: 0 });
    const copy = MetricSnapshot.of(window.metric(), true);

    window.record({ success: false, duration: 400, slowAt: thresholds, at: 0 });
    expect(copy.toJSON()).toEqual({
      totalCount: 2,
      failureCount: 1,
      totalDuration: 200,
      avgDuration: 100,
      failureRate: 0.5,
      slowCounts: { '100': 1 },
    });
    expect(copy.slowRate(100)).toBe(0.5);
    window.reset();
    expect(copy.totalCount).toBe(2);
  });

  test('of(metric, false) drops the durations of a live metric', () => {
    const window = new CountWindow(10);
    window.record({ success: true, duration: 80, slowAt: [], at: 0 });
    const copy = MetricSnapshot.of(window.metric(), false);
    expect(copy.totalDuration).toBe(0);
    expect(copy.avgDuration).toBeNull();
    expect(copy.totalCount).toBe(1);
  });
});
