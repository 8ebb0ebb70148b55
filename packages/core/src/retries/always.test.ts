import { Always } from './always';
import type { Retry } from './retry';

describe('Always', () => {
  test.each([0, 1, 5, 1_000])(
    'waits 0 ms after %i reopens, without drawing a random number',
    (reopens) => {
      const random = jest.fn(() => 0.5);
      const retry: Retry = new Always(); // called as the breaker calls it
      expect(retry.delay(reopens, random)).toBe(0);
      expect(random).not.toHaveBeenCalled();
    },
  );
});
