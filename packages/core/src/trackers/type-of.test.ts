import { TypeOf } from './type-of';

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
class NotFoundError extends HttpError {}
class ValidationError extends Error {}

describe('TypeOf', () => {
  test('matches instances of the class and of its subclasses', () => {
    const tracker = new TypeOf(HttpError);
    expect(tracker.matches(new HttpError(503))).toBe(true);
    expect(tracker.matches(new NotFoundError(404))).toBe(true);
    expect(tracker.matches(new Error('plain'))).toBe(false);
    expect(tracker.matches(new ValidationError('bad'))).toBe(false);
  });

  test('a base class matches every subclass; a subclass does not match its base', () => {
    expect(new TypeOf(Error).matches(new NotFoundError(404))).toBe(true);
    expect(new TypeOf(Error).matches(new TypeError('x'))).toBe(true);
    expect(new TypeOf(NotFoundError).matches(new HttpError(500))).toBe(false);
  });

  test('matches any of several classes', () => {
    const tracker = new TypeOf(TypeError, RangeError, HttpError);
    expect(tracker.matches(new TypeError('x'))).toBe(true);
    expect(tracker.matches(new RangeError('x'))).toBe(true);
    expect(tracker.matches(new NotFoundError(404))).toBe(true);
    expect(tracker.matches(new SyntaxError('x'))).toBe(false);
    expect(tracker.matches(new Error('x'))).toBe(false);
  });

  test('uses instanceof, so Symbol.hasInstance is honoured', () => {
    // biome-ignore lint/complexity/noStaticOnlyClass: TypeOf takes classes; this one only customises instanceof.
    class Coded {
      static [Symbol.hasInstance](value: unknown): boolean {
        return typeof value === 'string' && value.startsWith('E');
      }
    }
    const tracker = new TypeOf(Coded);
    expect(tracker.matches('ECONNRESET')).toBe(true);
    expect(tracker.matches('timeout')).toBe(false);
  });

  test('keeps a frozen copy of the classes', () => {
    const tracker = new TypeOf(TypeError, RangeError);
    expect(tracker.classes).toEqual([TypeError, RangeError]);
    expect(Object.isFrozen(tracker.classes)).toBe(true);
  });

  test.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'Error'],
    ['a number', 42],
    ['a bigint', 10n],
    ['a boolean', false],
    ['a symbol', Symbol('error')],
    ['a plain object', { name: 'Error', message: 'looks like one' }],
    ['an object without a prototype', Object.create(null)],
    [
      'an object with throwing getters',
      {
        get name(): string {
          throw new Error('getter');
        },
        get constructor(): never {
          throw new Error('getter');
        },
      },
    ],
  ])('does not match %s, and does not throw', (_label, value) => {
    expect(new TypeOf(Error, HttpError).matches(value)).toBe(false);
  });

  test.each([
    ['a Proxy whose getPrototypeOf trap throws', () => hostileProxy('getPrototypeOf')],
    ['a Proxy whose get trap throws', () => hostileProxy('get')],
    ['a Proxy whose every trap throws', () => hostileProxy()],
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
  ])('never throws on %s', (_label, make) => {
    const value = make();
    const tracker = new TypeOf(Error, HttpError);
    let result: unknown;
    expect(() => {
      result = tracker.matches(value);
    }).not.toThrow();
    expect(typeof result).toBe('boolean');
  });

  describe('validation', () => {
    test('needs at least one class', () => {
      expect(() => new TypeOf()).toThrow(
        new TypeError('TypeOf: classes must be at least one error class, got 0'),
      );
    });

    test.each([
      [[null], 'TypeOf: classes[0] must be a class, got null'],
      [[undefined], 'TypeOf: classes[0] must be a class, got undefined'],
      [['TypeError'], 'TypeOf: classes[0] must be a class, got "TypeError"'],
      [[Error, 42], 'TypeOf: classes[1] must be a class, got 42'],
      [[Error, TypeError, {}], 'TypeOf: classes[2] must be a class, got [object Object]'],
      [[new Error('x')], 'TypeOf: classes[0] must be a class, got [object Error]'],
    ])('refuses classes %p', (classes, message) => {
      expect(() => new TypeOf(...(classes as never[]))).toThrow(new TypeError(message));
    });

    test('refuses a function that cannot be a class (an arrow function has no prototype)', () => {
      const arrow = (() => true) as never;
      // If accepted, `instanceof` throws on any object error the classes before it do not match.
      expect(() => new TypeOf(Error, arrow)).toThrow(TypeError);
      expect(() => new TypeOf(Error, arrow)).toThrow(/^TypeOf: classes\[1\] must be a class, got /);
    });

    test('accepts built-in and user classes', () => {
      expect(() => new TypeOf(Error)).not.toThrow();
      expect(() => new TypeOf(HttpError, AggregateError)).not.toThrow();
    });
  });
});

/** A Proxy around an Error whose traps (one, or all) throw. */
function hostileProxy(only?: keyof ProxyHandler<object>): object {
  const trap = () => {
    throw new Error('hostile trap');
  };
  const traps: (keyof ProxyHandler<object>)[] = only
    ? [only]
    : ['get', 'getPrototypeOf', 'has', 'getOwnPropertyDescriptor', 'ownKeys'];
  return new Proxy(new Error('inside'), Object.fromEntries(traps.map((t) => [t, trap])));
}
