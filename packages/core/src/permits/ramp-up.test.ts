import { RampUp } from './ramp-up';

describe('RampUp', () => {
  const permit = new RampUp({ initial: 0.1, final: 0.8, duration: 60_000 });

  test('the ratio grows linearly from initial to final over the duration', () => {
    expect(permit.ratioAt(0)).toBeCloseTo(0.1, 12);
    expect(permit.ratioAt(15_000)).toBeCloseTo(0.275, 12);
    expect(permit.ratioAt(30_000)).toBeCloseTo(0.45, 12);
    expect(permit.ratioAt(45_000)).toBeCloseTo(0.625, 12);
    expect(permit.ratioAt(59_999)).toBeLessThan(0.8);
  });

  test('admits 27.5% of calls at 15 s', () => {
    expect(permit.admit(15_000, () => 0.2749)).toBe(true);
    expect(permit.admit(15_000, () => 0.2751)).toBe(false);
  });

  test.each([60_000, 60_001, 3_600_000, Infinity])(
    'stays at final from the duration on (%p ms)',
    (elapsed) => {
      expect(permit.ratioAt(elapsed)).toBe(0.8);
      expect(permit.admit(elapsed, () => 0.7999)).toBe(true);
      expect(permit.admit(elapsed, () => 0.8)).toBe(false);
    },
  );

  test.each([0, -1, -60_000, Number.NaN])('admits the initial share at %p ms', (elapsed) => {
    expect(permit.ratioAt(elapsed)).toBe(0.1);
    expect(permit.admit(elapsed, () => 0.0999)).toBe(true);
    expect(permit.admit(elapsed, () => 0.1)).toBe(false);
  });

  test('never decreases over time', () => {
    let previous = 0;
    for (let elapsed = -1_000; elapsed <= 61_000; elapsed += 250) {
      const ratio = permit.ratioAt(elapsed);
      expect(ratio).toBeGreaterThanOrEqual(previous);
      previous = ratio;
    }
  });

  test('the SPEC default (0.1 -> 1 over 60 s) admits everything after a minute', () => {
    const standard = new RampUp({ initial: 0.1, final: 1, duration: 60_000 });
    expect(standard.admit(60_000, () => 1 - 2 ** -53)).toBe(true);
    expect(standard.admit(0, () => 0.5)).toBe(false);
  });

  test('initial equal to final is a constant share', () => {
    const flat = new RampUp({ initial: 0.5, final: 0.5, duration: 1_000 });
    expect([0, 500, 5_000].map((t) => flat.ratioAt(t))).toEqual([0.5, 0.5, 0.5]);
  });

  test('exposes its options', () => {
    expect([permit.initial, permit.final, permit.duration]).toEqual([0.1, 0.8, 60_000]);
  });

  describe('validation', () => {
    const valid = { initial: 0.1, final: 0.8, duration: 60_000 };

    test.each([
      [undefined, 'RampUp: options must be an object { initial, final, duration }, got undefined'],
      [null, 'RampUp: options must be an object { initial, final, duration }, got null'],
      [0.5, 'RampUp: options must be an object { initial, final, duration }, got 0.5'],
      [{ ...valid, initial: undefined }, 'RampUp: initial must be in (0, 1], got undefined'],
      [{ ...valid, final: '1' }, 'RampUp: final must be in (0, 1], got "1"'],
      [{ ...valid, duration: null }, 'RampUp: duration must be a finite number > 0, got null'],
    ])('refuses %p with a TypeError', (options, message) => {
      expect(() => new RampUp(options as never)).toThrow(new TypeError(message));
    });

    test.each([
      [{ ...valid, initial: 0 }, 'RampUp: initial must be in (0, 1], got 0'],
      [{ ...valid, initial: 1.5 }, 'RampUp: initial must be in (0, 1], got 1.5'],
      [{ ...valid, initial: Number.NaN }, 'RampUp: initial must be in (0, 1], got NaN'],
      [{ ...valid, final: 0 }, 'RampUp: final must be in (0, 1], got 0'],
      [{ ...valid, final: 1.01 }, 'RampUp: final must be in (0, 1], got 1.01'],
      [{ ...valid, final: Number.NaN }, 'RampUp: final must be in (0, 1], got NaN'],
      [{ ...valid, initial: 0.5, final: 0.4 }, 'RampUp: final must be >= initial (0.5), got 0.4'],
      [{ ...valid, duration: 0 }, 'RampUp: duration must be a finite number > 0, got 0'],
      [{ ...valid, duration: -1 }, 'RampUp: duration must be a finite number > 0, got -1'],
      [{ ...valid, duration: Number.NaN }, 'RampUp: duration must be a finite number > 0, got NaN'],
      [
        { ...valid, duration: Infinity },
        'RampUp: duration must be a finite number > 0, got Infinity',
      ],
    ])('refuses %p with a RangeError', (options, message) => {
      expect(() => new RampUp(options as never)).toThrow(new RangeError(message));
    });

    test('accepts 0 < initial <= final <= 1', () => {
      expect(() => new RampUp({ initial: 1, final: 1, duration: 1 })).not.toThrow();
      expect(() => new RampUp({ initial: 0.001, final: 1, duration: 0.5 })).not.toThrow();
    });
  });
});
