import { MetricSnapshot } from '../metric';
import type { State } from '../state';
import { FailureStreak } from './failure-streak';
import type { CallContext } from './tripper';

const ctx = (consecutiveFailures: number, state: State = 'closed'): CallContext => ({
  metric: MetricSnapshot.empty(), // the streak survives the window: the window does not matter
  state,
  consecutiveFailures,
});

describe('FailureStreak', () => {
  test.each([
    [0, false],
    [2, false],
    [3, true], // reaches: >=
    [4, true],
  ])('with %i failures in a row evaluates to %p (count 3)', (streak, expected) => {
    expect(new FailureStreak(3).evaluate(ctx(streak))).toBe(expected);
  });

  test('FailureStreak(1) trips on the first failure, in any state', () => {
    expect(new FailureStreak(1).evaluate(ctx(1, 'half_open'))).toBe(true);
    expect(new FailureStreak(1).evaluate(ctx(0, 'half_open'))).toBe(false);
  });

  test('ignores the window: a full window of failures without a streak does not trip', () => {
    const context: CallContext = {
      metric: new MetricSnapshot(100, 100, 0, new Map(), false),
      state: 'closed',
      consecutiveFailures: 0,
    };
    expect(new FailureStreak(5).evaluate(context)).toBe(false);
  });

  test('exposes its count; reads no durations', () => {
    expect(new FailureStreak(5).count).toBe(5);
    expect(new FailureStreak(5).usesDurations).toBe(false);
  });

  describe('validation', () => {
    test.each([
      [0, RangeError, 'FailureStreak: count must be a positive integer, got 0'],
      [-3, RangeError, 'FailureStreak: count must be a positive integer, got -3'],
      [2.5, RangeError, 'FailureStreak: count must be a positive integer, got 2.5'],
      [Number.NaN, RangeError, 'FailureStreak: count must be a positive integer, got NaN'],
      [Infinity, RangeError, 'FailureStreak: count must be a positive integer, got Infinity'],
      ['5', TypeError, 'FailureStreak: count must be a positive integer, got "5"'],
      [undefined, TypeError, 'FailureStreak: count must be a positive integer, got undefined'],
    ])('refuses count %p', (count, type, message) => {
      const make = () => new FailureStreak(count as number);
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });
  });
});
