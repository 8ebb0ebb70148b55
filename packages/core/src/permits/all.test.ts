import { All } from './all';
import type { Permit } from './permit';

describe('All (permit)', () => {
  test.each([-5, 0, 1, 60_000, 1e12])('admits every call %i ms into half_open', (elapsed) => {
    const random = jest.fn(() => 0.999);
    const permit: Permit = new All(); // called as the breaker calls it
    expect(permit.admit(elapsed, random)).toBe(true);
    expect(random).not.toHaveBeenCalled();
  });
});
