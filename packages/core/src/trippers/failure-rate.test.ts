import { MetricSnapshot } from '../metric';
import { FailureRate } from './failure-rate';
import type { CallContext } from './tripper';

const ctx = (totalCount: number, failureCount: number): CallContext => ({
  metric: new MetricSnapshot(totalCount, failureCount, 0, new Map(), false),
  state: 'closed',
  consecutiveFailures: 0,
});

describe('FailureRate', () => {
  test.each([
    [2, 1, true], // exactly 0.5 reaches 0.5
    [100, 49, false],
    [100, 50, true],
    [4, 3, true],
    [10, 0, false],
  ])('%i calls with %i failures evaluates to %p (ratio 0.5)', (total, failures, expected) => {
    expect(new FailureRate(0.5).evaluate(ctx(total, failures))).toBe(expected);
  });

  test.each([
    [0.1, 10, 1],
    [0.3, 10, 3],
    [0.7, 10, 7],
    [1, 5, 5],
  ])(
    'ratio %p is reached at exactly the boundary (%i calls, %i failures)',
    (ratio, total, failures) => {
      expect(new FailureRate(ratio).evaluate(ctx(total, failures))).toBe(true);
      expect(new FailureRate(ratio).evaluate(ctx(total, failures - 1))).toBe(false);
    },
  );

  test('an empty window (null rate) never trips', () => {
    expect(new FailureRate(1e-9).evaluate(ctx(0, 0))).toBe(false);
  });

  test('exposes its ratio; reads no durations', () => {
    expect(new FailureRate(0.25).ratio).toBe(0.25);
    expect(new FailureRate(0.25).usesDurations).toBe(false);
  });

  describe('validation', () => {
    test.each([
      [0, RangeError, 'FailureRate: ratio must be in (0, 1], got 0'],
      [-0.1, RangeError, 'FailureRate: ratio must be in (0, 1], got -0.1'],
      [1.5, RangeError, 'FailureRate: ratio must be in (0, 1], got 1.5'],
      [Number.NaN, RangeError, 'FailureRate: ratio must be in (0, 1], got NaN'],
      [Infinity, RangeError, 'FailureRate: ratio must be in (0, 1], got Infinity'],
      ['0.5', TypeError, 'FailureRate: ratio must be in (0, 1], got "0.5"'],
      [null, TypeError, 'FailureRate: ratio must be in (0, 1], got null'],
    ])('refuses ratio %p', (ratio, type, message) => {
      const make = () => new FailureRate(ratio as number);
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });

    test('accepts the bounds of (0, 1]', () => {
      expect(new FailureRate(1).ratio).toBe(1);
      expect(new FailureRate(Number.MIN_VALUE).ratio).toBe(Number.MIN_VALUE);
    });
  });
});
