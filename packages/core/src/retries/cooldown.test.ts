import { Cooldown } from './cooldown';

const justBelowOne = 1 - 2 ** -53; // the largest value Math.random() can return

describe('Cooldown', () => {
  test('waits the same time after every opening, without jitter', () => {
    const random = jest.fn(() => 0.9);
    const retry = new Cooldown(30_000);
    expect([0, 1, 2, 10].map((reopens) => retry.delay(reopens, random))).toEqual([
      30_000, 30_000, 30_000, 30_000,
    ]);
    expect(random).not.toHaveBeenCalled();
    expect([retry.ms, retry.jitterRatio]).toEqual([30_000, 0]);
  });

  test.each([
    [0, 0.8], // 1 - ratio
    [0.25, 0.9],
    [0.5, 1], // exactly the cooldown
    [0.75, 1.1],
    [justBelowOne, 1.2], // approaches 1 + ratio
  ])('with jitterRatio 0.2, random %p scales the wait by %p', (draw, factor) => {
    const delay = new Cooldown(30_000, { jitterRatio: 0.2 }).delay(0, () => draw);
    expect(delay).toBeCloseTo(30_000 * factor, 6);
  });

  test('jitter stays within [1 - ratio, 1 + ratio] and draws exactly once per delay', () => {
    const random = jest.fn(() => justBelowOne);
    const retry = new Cooldown(10_000, { jitterRatio: 0.5 });
    const delay = retry.delay(3, random);
    expect(delay).toBeLessThanOrEqual(15_000);
    expect(delay).toBeGreaterThan(14_999);
    expect(random).toHaveBeenCalledTimes(1);
    expect(retry.delay(0, () => 0)).toBe(5_000);
  });

  describe('validation', () => {
    test.each([
      [0, RangeError, 'Cooldown: ms must be a finite number > 0, got 0'],
      [-1_000, RangeError, 'Cooldown: ms must be a finite number > 0, got -1000'],
      [Number.NaN, RangeError, 'Cooldown: ms must be a finite number > 0, got NaN'],
      [Infinity, RangeError, 'Cooldown: ms must be a finite number > 0, got Infinity'],
      ['60000', TypeError, 'Cooldown: ms must be a finite number > 0, got "60000"'],
      [null, TypeError, 'Cooldown: ms must be a finite number > 0, got null'],
    ])('refuses ms %p', (ms, type, message) => {
      const make = () => new Cooldown(ms as number);
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message)); // the exact message
    });

    test.each([
      [-0.1, RangeError, 'Cooldown: jitterRatio must be in [0, 1), got -0.1'],
      [1, RangeError, 'Cooldown: jitterRatio must be in [0, 1), got 1'],
      [1.5, RangeError, 'Cooldown: jitterRatio must be in [0, 1), got 1.5'],
      [Number.NaN, RangeError, 'Cooldown: jitterRatio must be in [0, 1), got NaN'],
      ['0.1', TypeError, 'Cooldown: jitterRatio must be in [0, 1), got "0.1"'],
      [null, TypeError, 'Cooldown: jitterRatio must be in [0, 1), got null'],
    ])('refuses jitterRatio %p', (jitterRatio, type, message) => {
      const make = () => new Cooldown(1_000, { jitterRatio: jitterRatio as number });
      expect(make).toThrow(type);
      expect(make).toThrow(new type(message));
    });

    test.each([
      [null, 'Cooldown: options must be an object, got null'],
      [0.1, 'Cooldown: options must be an object, got 0.1'],
    ])('refuses options %p', (options, message) => {
      expect(() => new Cooldown(1_000, options as never)).toThrow(new TypeError(message));
    });

    test('accepts jitterRatio 0 and just below 1', () => {
      expect(new Cooldown(1_000, { jitterRatio: 0 }).jitterRatio).toBe(0);
      expect(new Cooldown(1_000, { jitterRatio: 0.999 }).jitterRatio).toBe(0.999);
    });
  });
});
