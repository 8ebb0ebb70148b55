import { Never } from './never';
import type { Retry } from './retry';

describe('Never', () => {
  test.each([0, 1, 5, 1_000])('waits forever (Infinity) after %i reopens', (reopens) => {
    const random = jest.fn(() => 0.5);
    const retry: Retry = new Never(); // called as the breaker calls it
    expect(retry.delay(reopens, random)).toBe(Number.POSITIVE_INFINITY);
    expect(random).not.toHaveBeenCalled();
  });
});
