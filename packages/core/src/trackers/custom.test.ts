import { Custom } from './custom';

describe('Custom', () => {
  test('hands the predicate the very value that was thrown', () => {
    const seen: unknown[] = [];
    const tracker = new Custom((error) => {
      seen.push(error);
      return true;
    });
    const error = new Error('boom');
    tracker.matches(error);
    tracker.matches('plain string');
    expect(seen).toEqual([error, 'plain string']);
    expect(seen[0]).toBe(error);
  });

  test('matches only what the predicate accepts', () => {
    const tracker = new Custom((error) => error instanceof RangeError);
    expect(tracker.matches(new RangeError('x'))).toBe(true);
    expect(tracker.matches(new TypeError('x'))).toBe(false);
    expect(tracker.matches(null)).toBe(false);
  });

  test.each([
    [true, true],
    [false, false],
  ])('a predicate returning %p counts as %p', (returned, expected) => {
    const tracker = new Custom(() => returned);
    expect(tracker.matches(new Error('x'))).toBe(expected);
  });

  test.each([
    [1, '1'],
    ['yes', '"yes"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [Promise.resolve(false), '[object Promise]'], // an async predicate: truthy, it would always count
  ])('a predicate returning %p is a fault, not a truthy verdict', (returned, shown) => {
    const tracker = new Custom(() => returned as unknown as boolean);
    expect(() => tracker.matches(new Error('x'))).toThrow(
      new TypeError(`Custom: predicate must return a boolean, got ${shown}`),
    );
  });

  test("lets the predicate's own fault through (the breaker reports it and counts the call)", () => {
    const fault = new Error('predicate bug');
    const tracker = new Custom(() => {
      throw fault;
    });
    expect(() => tracker.matches(new Error('x'))).toThrow(fault);
  });

  describe('validation', () => {
    test.each([
      ['"x"', 'x'],
      ['null', null],
      ['undefined', undefined],
      ['[object Object]', {}],
      ['true', true],
    ])('refuses a predicate %s', (shown, predicate) => {
      expect(() => new Custom(predicate as never)).toThrow(
        new TypeError(`Custom: predicate must be a function, got ${shown}`),
      );
    });
  });
});
