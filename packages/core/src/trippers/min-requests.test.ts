import { MetricSnapshot } from '../metric';
import type { State } from '../state';
import { MinRequests } from './min-requests';
import type { CallContext } from './tripper';

const ctx = (totalCount: number, failures = 0, state: State = 'closed'): CallContext => ({
  metric: new MetricSnapshot(totalCount, failures, 0, new Map(), false),
  state,
  consecutiveFailures: failures,
});

describe('MinRequests', () => {
  test.each([
    [0, false],
    [9, false],
    [10, true], // reaches: >=
    [11, true],
    [1_000, true],
  ])('with %i calls in the window evaluates to %p (count 10)', (total, expected) => {
    expect(new MinRequests(10).evaluate(ctx(total))).toBe(expected);
  });

  test('looks only at the number of calls, not at failures or state', () => {
    const rule = new MinRequests(3);
    expect(rule.evaluate(ctx(3, 0))).toBe(true);
    expect(rule.evaluate(ctx(2, 2))).toBe(false);
    expect(rule.evaluate(ctx(3, 0, 'half_open'))).toBe(true);
  });

  test('exposes its count; reads no durations', () => {
    expect(new MinRequests(20).count).toBe(20);
    expect(new MinRequests(20).usesDurations).toBe(false);
    expect(new MinRequests(20).children()).toEqual([]);
  });

  describe('validation', () => {
    test.each([
      [0, RangeError, 'MinRequests: count must be a positive integer, got 0'],
      [-1, RangeError, 'MinRequests: count must be a positive integer, got -1'],
      [1.5, RangeError, 'MinRequests: count must be a positive integer, got 1.5'],
      [Number.NaN, RangeError, 'MinRequests: count must be a positive integer, got NaN'],
      [Infinity, RangeError, 'MinRequests: count must be a positive integer, got Infinity'],
      ['10', TypeError, 'MinRequests: count must be a positive integer, got "10"'],
      [null, TypeError, 'MinRequests: count must be a positive integer, got null'],
    ])('refuses count %p', (count, type, message) => {
      const make = () => new MinRequests(count as number);
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });
  });
});
