import { Random } from './random';

const justBelowOne = 1 - 2 ** -53;

describe('Random (permit)', () => {
  test('ratio 0 never admits, ratio 1 always does', () => {
    for (const draw of [0, 0.5, justBelowOne]) {
      expect(new Random(0).admit(0, () => draw)).toBe(false);
      expect(new Random(1).admit(0, () => draw)).toBe(true);
    }
  });

  test.each([
    [0, true],
    [0.2499, true],
    [0.25, false], // admitted when random() < ratio
    [0.9, false],
  ])('ratio 0.25 with random %p admits: %p', (draw, expected) => {
    expect(new Random(0.25).admit(0, () => draw)).toBe(expected);
  });

  test('does not depend on the time spent in half_open, and draws once per call', () => {
    const random = jest.fn(() => 0.1);
    const permit = new Random(0.2);
    expect([0, 30_000, 1e9].map((elapsed) => permit.admit(elapsed, random))).toEqual([
      true,
      true,
      true,
    ]);
    expect(random).toHaveBeenCalledTimes(3);
  });

  describe('validation', () => {
    test.each([
      [-0.1, RangeError, 'Random: ratio must be in [0, 1], got -0.1'],
      [1.1, RangeError, 'Random: ratio must be in [0, 1], got 1.1'],
      [Number.NaN, RangeError, 'Random: ratio must be in [0, 1], got NaN'],
      [Infinity, RangeError, 'Random: ratio must be in [0, 1], got Infinity'],
      ['0.5', TypeError, 'Random: ratio must be in [0, 1], got "0.5"'],
      [null, TypeError, 'Random: ratio must be in [0, 1], got null'],
    ])('refuses ratio %p', (ratio, type, message) => {
      const make = () => new Random(ratio as number);
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });

    test('accepts both bounds of [0, 1]', () => {
      expect(new Random(0).ratio).toBe(0);
      expect(new Random(1).ratio).toBe(1);
    });
  });
});
