import { MetricSnapshot } from '../metric';
import { AvgLatency } from './avg-latency';
import type { CallContext } from './tripper';

const ctx = (totalCount: number, totalDuration: number, measured = true): CallContext => ({
  metric: new MetricSnapshot(totalCount, 0, totalDuration, new Map(), measured),
  state: 'closed',
  consecutiveFailures: 0,
});

describe('AvgLatency', () => {
  test.each([
    [4, 799, false],
    [4, 800, true], // an average of exactly 200 ms reaches 200
    [4, 801, true],
    [1, 5_000, true],
    [10, 0, false],
  ])('%i calls totalling %i ms evaluate to %p (200 ms)', (total, duration, expected) => {
    expect(new AvgLatency(200).evaluate(ctx(total, duration))).toBe(expected);
  });

  test('an empty window (null average) never trips', () => {
    expect(new AvgLatency(1e-9).evaluate(ctx(0, 0))).toBe(false);
  });

  test('unmeasured durations (null average) never trip', () => {
    expect(new AvgLatency(1).evaluate(ctx(10, 50_000, false))).toBe(false);
  });

  test('reads durations, so the breaker measures them for it', () => {
    expect(new AvgLatency(200).usesDurations).toBe(true);
    expect(new AvgLatency(200).ms).toBe(200);
  });

  describe('validation', () => {
    test.each([
      [0, RangeError, 'AvgLatency: ms must be a finite number > 0, got 0'],
      [-5, RangeError, 'AvgLatency: ms must be a finite number > 0, got -5'],
      [Number.NaN, RangeError, 'AvgLatency: ms must be a finite number > 0, got NaN'],
      [Infinity, RangeError, 'AvgLatency: ms must be a finite number > 0, got Infinity'],
      ['200', TypeError, 'AvgLatency: ms must be a finite number > 0, got "200"'],
      [null, TypeError, 'AvgLatency: ms must be a finite number > 0, got null'],
    ])('refuses ms %p', (ms, type, message) => {
      const make = () => new AvgLatency(ms as number);
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });

    test('accepts a fractional threshold', () => {
      expect(new AvgLatency(0.5).ms).toBe(0.5);
    });
  });
});
