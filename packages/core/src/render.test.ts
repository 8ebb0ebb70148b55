import { runInNewContext } from 'node:vm';
import { describeError, describeValue, formatEpoch } from './render';
import { Cooldown } from './retries/cooldown';

const revoked = (() => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
})();

const throwing = (what: string) => () => {
  throw new Error(`hostile ${what}`);
};

/** An Error whose `name` and/or `message` getters throw. */
function hostileError(name: boolean, message: boolean): Error {
  const error = new (class PaymentError extends Error {})('declined');
  if (name) Object.defineProperty(error, 'name', { get: throwing('name') });
  if (message) Object.defineProperty(error, 'message', { get: throwing('message') });
  return error;
}

describe('describeValue names the class of an instance', () => {
  test.each([
    [new Cooldown(1_000), 'an instance of Cooldown'],
    [new (class Gate {})(), 'an instance of Gate'],
    [new (class extends Error {})(), '[object Error]'], // an anonymous class has no name to show
    [new TypeError('x'), 'an instance of TypeError'],
    [new Error('x'), '[object Error]'],
    [new Date(0), '[object Date]'],
    [new Map(), '[object Map]'],
    [{}, '[object Object]'],
    [Object.create(null), '[object Object]'],
    [runInNewContext('({})'), '[object Object]'], // a plain object of another realm
  ])('%p renders as %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});

describe('describeValue is total for hostile values', () => {
  test.each([
    ['a revoked Proxy', revoked, 'a revoked Proxy'],
    ['an array holding a revoked Proxy', [1, revoked], '[1, a revoked Proxy]'],
    [
      'an object whose constructor getter throws',
      Object.defineProperty({}, 'constructor', { get: throwing('constructor') }),
      '[object Object]',
    ],
    [
      'a function whose name getter throws',
      Object.defineProperty(() => 1, 'name', { get: throwing('name') }),
      'function (anonymous)',
    ],
    [
      'an object whose constructor is a Proxy that throws',
      { constructor: new Proxy(() => {}, { get: throwing('get') }) },
      '[object Object]',
    ],
    [
      'an Error whose name and message getters throw',
      hostileError(true, true),
      'an instance of PaymentError',
    ],
  ])('%s', (_label, value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  test('a huge string or class name is clipped, so one value cannot flood a log line', () => {
    expect(describeValue('x'.repeat(10_000))).toHaveLength(203);
    const Huge = { ['Y'.repeat(5_000)]: class {} }['Y'.repeat(5_000)];
    expect(describeValue(new Huge())).toBe(`an instance of ${'Y'.repeat(200)}...`);
  });
});

describe('describeError renders a thrown value as one safe line', () => {
  test.each([
    ['an Error', new Error('boom'), 'Error: boom'],
    ['a subclass', new RangeError('too far'), 'RangeError: too far'],
    ['an Error without a message', new TypeError(), 'TypeError'],
    ['a thrown string', 'plain text', 'plain text'],
    ['a thrown number', 42, '42'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    [
      'an error-like object',
      { name: 'SlackError', message: 'invalid_auth' },
      'SlackError: invalid_auth',
    ],
    ['an object with no message', { code: 1 }, '[object Object]'],
    ['a null-prototype object', Object.create(null), '[object Object]'],
    ['a revoked Proxy', revoked, 'a revoked Proxy'],
    ['an Error whose name getter throws', hostileError(true, false), 'PaymentError: declined'],
    [
      'an Error whose message getter throws',
      hostileError(false, true),
      'Error (its message could not be read)',
    ],
    [
      'an Error whose getters both throw',
      hostileError(true, true),
      'PaymentError (its message could not be read)',
    ],
    [
      'an Error whose constructor getter throws too',
      Object.defineProperty(hostileError(true, false), 'constructor', {
        get: throwing('constructor'),
      }),
      'Error: declined',
    ],
    [
      'a Proxy whose traps all throw',
      new Proxy({}, { get: throwing('get'), getPrototypeOf: throwing('proto') }),
      'an unprintable value',
    ],
  ])('%s', (_label, value, shown) => {
    expect(describeError(value)).toBe(shown);
  });

  test('never calls toString, and clips a huge message', () => {
    const render = jest.fn(() => 'never used');
    expect(describeError({ toString: render })).toBe('[object Object]');
    expect(render).not.toHaveBeenCalled();
    expect(describeError(new Error('m'.repeat(5_000)))).toHaveLength('Error: '.length + 1_003);
  });
});

describe('formatEpoch', () => {
  test.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [Date.UTC(2030, 0, 2, 3, 4, 5), '2030-01-02T03:04:05.000Z'],
    [8.64e15, '+275760-09-13T00:00:00.000Z'],
    [-8.64e15, '-271821-04-20T00:00:00.000Z'],
  ])('renders %p as %s', (ms, shown) => {
    expect(formatEpoch(ms)).toBe(shown);
  });

  test.each([8.64e15 + 1, -8.64e15 - 1, 1e300, Infinity, -Infinity, Number.NaN, '0' as never])(
    'a time no Date can hold (%p) reads as never, without throwing',
    (ms) => {
      expect(formatEpoch(ms)).toBe('never');
    },
  );
});
