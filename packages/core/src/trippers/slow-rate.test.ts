import { type Metric, MetricSnapshot } from '../metric';
import { SlowRate } from './slow-rate';
import type { CallContext } from './tripper';

const ctx = (metric: Metric): CallContext => ({ metric, state: 'closed', consecutiveFailures: 0 });
const window = (total: number, slow: [number, number][]) =>
  ctx(new MetricSnapshot(total, 0, 0, new Map(slow), true));

describe('SlowRate', () => {
  test.each([
    [10, 4, false],
    [10, 5, true], // exactly half reaches 0.5
    [10, 10, true],
    [10, 0, false],
  ])('%i calls with %i slow evaluate to %p (ratio 0.5)', (total, slow, expected) => {
    const rule = new SlowRate(0.5, { threshold: 1_000 });
    expect(rule.evaluate(window(total, [[1_000, slow]]))).toBe(expected);
  });

  test('reads the rate of its own threshold only', () => {
    const rule = new SlowRate(0.5, { threshold: 1_000 });
    const context = window(10, [
      [500, 10],
      [1_000, 1],
      [2_000, 0],
    ]);
    expect(rule.evaluate(context)).toBe(false);
    expect(new SlowRate(0.5, { threshold: 500 }).evaluate(context)).toBe(true);
  });

  test('asks the metric for slowRate(threshold)', () => {
    const asked: number[] = [];
    const metric = {
      ...MetricSnapshot.empty(),
      slowRate: (threshold: number) => {
        asked.push(threshold);
        return 0.3;
      },
    } as Metric;
    expect(new SlowRate(0.3, { threshold: 750 }).evaluate(ctx(metric))).toBe(true);
    expect(new SlowRate(0.31, { threshold: 750 }).evaluate(ctx(metric))).toBe(false);
    expect(asked).toEqual([750, 750]);
  });

  test('an empty window or an untracked threshold (null rate) never trips', () => {
    const rule = new SlowRate(1e-9, { threshold: 1_000 });
    expect(rule.evaluate(window(0, [[1_000, 0]]))).toBe(false);
    expect(rule.evaluate(window(10, [[500, 10]]))).toBe(false);
  });

  test('reads durations and exposes its ratio and threshold', () => {
    const rule = new SlowRate(0.3, { threshold: 1_000 });
    expect(rule.usesDurations).toBe(true);
    expect([rule.ratio, rule.threshold]).toEqual([0.3, 1_000]);
  });

  describe('validation', () => {
    test.each([
      [0, RangeError, 'SlowRate: ratio must be in (0, 1], got 0'],
      [1.01, RangeError, 'SlowRate: ratio must be in (0, 1], got 1.01'],
      [-1, RangeError, 'SlowRate: ratio must be in (0, 1], got -1'],
      [Number.NaN, RangeError, 'SlowRate: ratio must be in (0, 1], got NaN'],
      ['0.3', TypeError, 'SlowRate: ratio must be in (0, 1], got "0.3"'],
      [undefined, TypeError, 'SlowRate: ratio must be in (0, 1], got undefined'],
    ])('refuses ratio %p', (ratio, type, message) => {
      const make = () => new SlowRate(ratio as number, { threshold: 1_000 });
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });

    test.each([
      [0, RangeError, 'SlowRate: threshold must be a finite number > 0, got 0'],
      [-1, RangeError, 'SlowRate: threshold must be a finite number > 0, got -1'],
      [Number.NaN, RangeError, 'SlowRate: threshold must be a finite number > 0, got NaN'],
      [Infinity, RangeError, 'SlowRate: threshold must be a finite number > 0, got Infinity'],
      ['1000', TypeError, 'SlowRate: threshold must be a finite number > 0, got "1000"'],
      [undefined, TypeError, 'SlowRate: threshold must be a finite number > 0, got undefined'],
    ])('refuses threshold %p', (threshold, type, message) => {
      const make = () => new SlowRate(0.5, { threshold: threshold as number });
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message));
    });

    test.each([
      [undefined, 'SlowRate: threshold must be a finite number > 0, got undefined'],
      [null, 'SlowRate: options must be an object, got null'],
      [1_000, 'SlowRate: options must be an object, got 1000'],
    ])('refuses options %p', (options, message) => {
      expect(() => new SlowRate(0.5, options as never)).toThrow(new TypeError(message));
    });
  });
});
