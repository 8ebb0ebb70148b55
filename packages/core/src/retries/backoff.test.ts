import { Backoff } from './backoff';

const noRandom = () => {
  throw new Error('no jitter configured, so no random number may be drawn');
};
const justBelowOne = 1 - 2 ** -53;

describe('Backoff', () => {
  test('defaults: multiplier 2, maxDuration 300 000 ms, no jitter', () => {
    const retry = new Backoff({ initial: 10_000 });
    expect([retry.initial, retry.multiplier, retry.maxDuration, retry.jitterRatio]).toEqual([
      10_000, 2, 300_000, 0,
    ]);
  });

  test('waits min(initial * multiplier ** reopens, maxDuration): 10 s, 20 s, 40 s ... capped', () => {
    const retry = new Backoff({ initial: 10_000 });
    const waits = [0, 1, 2, 3, 4, 5, 6, 100].map((reopens) => retry.delay(reopens, noRandom));
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  test('a custom multiplier and cap', () => {
    const retry = new Backoff({ initial: 1_000, multiplier: 3, maxDuration: 100_000 });
    const waits = [0, 1, 2, 3, 4, 5].map((reopens) => retry.delay(reopens, noRandom));
    expect(waits).toEqual([1_000, 3_000, 9_000, 27_000, 81_000, 100_000]);
  });

  test('a fractional multiplier', () => {
    const retry = new Backoff({ initial: 1_000, multiplier: 1.5 });
    expect(retry.delay(2, noRandom)).toBe(2_250);
  });

  test('stays at the cap when the power overflows to Infinity', () => {
    expect(new Backoff({ initial: 10_000 }).delay(5_000, noRandom)).toBe(300_000);
  });

  test('maxDuration equal to initial gives a constant wait', () => {
    const retry = new Backoff({ initial: 5_000, maxDuration: 5_000 });
    expect([0, 1, 2].map((reopens) => retry.delay(reopens, noRandom))).toEqual([
      5_000, 5_000, 5_000,
    ]);
  });

  test.each([
    [0, 0.9],
    [0.5, 1],
    [justBelowOne, 1.1],
  ])('jitter 0.1 with random %p scales the capped wait by %p', (draw, factor) => {
    const retry = new Backoff({ initial: 10_000, jitterRatio: 0.1 });
    const random = jest.fn(() => draw);
    expect(retry.delay(2, random)).toBeCloseTo(40_000 * factor, 6);
    expect(retry.delay(9, random)).toBeCloseTo(300_000 * factor, 6); // jitter after the cap
    expect(random).toHaveBeenCalledTimes(2);
  });

  describe('validation', () => {
    test.each([
      [undefined, 'Backoff: options must be an object with at least { initial }, got undefined'],
      [null, 'Backoff: options must be an object with at least { initial }, got null'],
      [10_000, 'Backoff: options must be an object with at least { initial }, got 10000'],
      [{}, 'Backoff: initial must be a finite number > 0, got undefined'],
      [{ initial: '10s' }, 'Backoff: initial must be a finite number > 0, got "10s"'],
      [
        { initial: 1_000, multiplier: '2' },
        'Backoff: multiplier must be a finite number > 1, got "2"',
      ],
      [
        { initial: 1_000, maxDuration: null },
        'Backoff: maxDuration must be a finite number > 0, got null',
      ],
      [{ initial: 1_000, jitterRatio: '0.1' }, 'Backoff: jitterRatio must be in [0, 1), got "0.1"'],
    ])('refuses options %p with a TypeError', (options, message) => {
      expect(() => new Backoff(options as never)).toThrow(new TypeError(message));
    });

    test.each([
      [{ initial: 0 }, 'Backoff: initial must be a finite number > 0, got 0'],
      [{ initial: -1 }, 'Backoff: initial must be a finite number > 0, got -1'],
      [{ initial: Number.NaN }, 'Backoff: initial must be a finite number > 0, got NaN'],
      [{ initial: Infinity }, 'Backoff: initial must be a finite number > 0, got Infinity'],
      [{ initial: 1_000, multiplier: 1 }, 'Backoff: multiplier must be a finite number > 1, got 1'],
      [
        { initial: 1_000, multiplier: 0.5 },
        'Backoff: multiplier must be a finite number > 1, got 0.5',
      ],
      [
        { initial: 1_000, multiplier: Number.NaN },
        'Backoff: multiplier must be a finite number > 1, got NaN',
      ],
      [
        { initial: 1_000, multiplier: Infinity },
        'Backoff: multiplier must be a finite number > 1, got Infinity',
      ],
      [
        { initial: 1_000, maxDuration: 0 },
        'Backoff: maxDuration must be a finite number > 0, got 0',
      ],
      [
        { initial: 1_000, maxDuration: Infinity },
        'Backoff: maxDuration must be a finite number > 0, got Infinity',
      ],
      [
        { initial: 10_000, maxDuration: 5_000 },
        'Backoff: maxDuration must be >= initial (10000), got 5000',
      ],
      [{ initial: 1_000, jitterRatio: 1 }, 'Backoff: jitterRatio must be in [0, 1), got 1'],
      [{ initial: 1_000, jitterRatio: -0.5 }, 'Backoff: jitterRatio must be in [0, 1), got -0.5'],
      [
        { initial: 1_000, jitterRatio: Number.NaN },
        'Backoff: jitterRatio must be in [0, 1), got NaN',
      ],
    ])('refuses options %p with a RangeError', (options, message) => {
      expect(() => new Backoff(options as never)).toThrow(new RangeError(message));
    });
  });

  test('without maxDuration, an initial wait above the default cap becomes the cap', () => {
    const backoff = new Backoff({ initial: 400_000 });
    expect(backoff.maxDuration).toBe(400_000);
    expect(backoff.delay(3, () => 0.5)).toBe(400_000);
  });
});
