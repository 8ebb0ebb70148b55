/** A hostile value and how to make a fresh one (a revoked Proxy cannot be reused, for one). */
export interface HostileValue {
  /** What it is, for test names and failure messages. */
  readonly label: string;
  /** Makes the value. */
  readonly make: () => unknown;
}

const boom = (what: string) => () => {
  throw new Error(`hostile ${what}`);
};

/** An object whose every usual property throws when read, including `then` and `toString`. */
function throwingGetters(): object {
  const value = {};
  for (const key of [
    'message',
    'name',
    'stack',
    'cause',
    'code',
    'constructor',
    'then',
    'toString',
    'valueOf',
    'toJSON',
  ]) {
    Object.defineProperty(value, key, { get: boom(`getter ${key}`), enumerable: true });
  }
  Object.defineProperty(value, Symbol.toPrimitive, { get: boom('getter Symbol.toPrimitive') });
  Object.defineProperty(value, Symbol.toStringTag, { get: boom('getter Symbol.toStringTag') });
  return value;
}

/** An Error whose `name` and `message` getters throw. */
function errorWithThrowingGetters(): Error {
  const error = new Error('x');
  // `stack` first: redefining it formats the lazy stack, which reads `name` and `message`.
  Object.defineProperty(error, 'stack', { get: boom('stack') });
  Object.defineProperty(error, 'name', { get: boom('name') });
  Object.defineProperty(error, 'message', { get: boom('message') });
  return error;
}

/** A Proxy on which every operation throws. */
function throwingProxy(target: object = {}): object {
  const trap = boom('proxy trap');
  return new Proxy(target, {
    get: trap,
    set: trap,
    has: trap,
    ownKeys: trap,
    getOwnPropertyDescriptor: trap,
    getPrototypeOf: trap,
    setPrototypeOf: trap,
    defineProperty: trap,
    deleteProperty: trap,
    isExtensible: trap,
    preventExtensions: trap,
    apply: trap,
    construct: trap,
  });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function cyclicCause(): Error {
  const error = new Error('cyclic');
  (error as { cause?: unknown }).cause = error;
  return error;
}

function mutualCause(): Error {
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  (a as { cause?: unknown }).cause = b;
  return a;
}

function selfContaining(): unknown[] {
  const array: unknown[] = [];
  array.push(array);
  return array;
}

/**
 * Everything JavaScript code can throw or hand back that a careless library chokes on: nullish
 * values, primitives, symbols, frozen and prototype-less objects, objects and Errors whose
 * getters throw, Proxies whose every trap throws, revoked Proxies, cyclic `cause` chains.
 *
 * @example
 * ```ts
 * for (const { label, make } of HOSTILE_VALUES) {
 *   const value = make();
 *   expect(catchError(() => breaker.call(() => { throw value; }))).toBe(value);
 * }
 * ```
 */
export const HOSTILE_VALUES: readonly HostileValue[] = [
  { label: 'null', make: () => null },
  { label: 'undefined', make: () => undefined },
  { label: 'an empty string', make: () => '' },
  { label: 'a string', make: () => 'plain string' },
  { label: '0', make: () => 0 },
  { label: 'NaN', make: () => Number.NaN },
  { label: 'a number', make: () => 42 },
  { label: 'a bigint', make: () => 10n },
  { label: 'false', make: () => false },
  { label: 'a symbol', make: () => Symbol('hostile') },
  { label: 'a function', make: () => function thrower() {} },
  { label: 'a frozen object', make: () => Object.freeze({ message: 'frozen' }) },
  { label: 'a frozen Error', make: () => Object.freeze(new Error('frozen')) },
  { label: 'an object without prototype', make: () => Object.create(null) },
  { label: 'an object whose getters throw', make: throwingGetters },
  { label: 'an Error whose getters throw', make: errorWithThrowingGetters },
  { label: 'a Proxy whose traps throw', make: () => throwingProxy() },
  { label: 'a Proxy of an Error whose traps throw', make: () => throwingProxy(new Error('p')) },
  { label: 'a revoked Proxy', make: revokedProxy },
  { label: 'an Error with a cyclic cause', make: cyclicCause },
  { label: 'Errors causing each other', make: mutualCause },
  { label: 'an array containing itself', make: selfContaining },
];
