import { CallNotPermittedError, CallTimeoutError } from './errors';

type ErrorsModule = Pick<typeof import('./errors'), 'CallNotPermittedError' | 'CallTimeoutError'>;

/** A second, independent copy of the module, as when two versions of core are installed. */
function anotherCopy(): ErrorsModule {
  let copy: ErrorsModule | undefined;
  jest.isolateModules(() => {
    copy = require('./errors') as ErrorsModule;
  });
  return copy!;
}

const revoked = (() => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
})();
const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile get');
    },
    getPrototypeOf() {
      throw new Error('hostile getPrototypeOf');
    },
  },
);

describe('CallNotPermittedError', () => {
  test('carries the state and the retry time of an open circuit', () => {
    const retryAt = Date.UTC(2030, 0, 2, 3, 4, 5);
    const error = new CallNotPermittedError('open', retryAt);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CallNotPermittedError);
    expect(error.name).toBe('CallNotPermittedError');
    expect(error.state).toBe('open');
    expect(error.retryAt).toBe(retryAt);
    expect(error.message).toBe(
      'circuit is open; calls are not permitted until 2030-01-02T03:04:05.000Z',
    );
    expect(error.stack).toContain('CallNotPermittedError');
  });

  test.each([
    ['open', Number.POSITIVE_INFINITY, 'circuit is open; the call was not permitted'], // Never
    ['open', null, 'circuit is open; the call was not permitted'],
    ['forced_open', null, 'circuit is forced_open; the call was not permitted'],
    ['half_open', null, 'circuit is half_open; the call was not permitted'],
  ] as const)('in %s with retryAt %p says: %s', (state, retryAt, message) => {
    const error = new CallNotPermittedError(state, retryAt);
    expect(error.message).toBe(message);
    expect(error.retryAt).toBe(retryAt);
    expect(error.state).toBe(state);
  });
});

describe('CallNotPermittedError with a retryAt no Date can hold', () => {
  test.each([8.64e15 + 1, -8.64e15 - 1, 1e300, -1e300, Number.MAX_VALUE])(
    'retryAt %p reads as no time at all, and constructing never throws',
    (retryAt) => {
      const error = new CallNotPermittedError('open', retryAt);
      expect(error.message).toBe('circuit is open; the call was not permitted');
      expect(error.retryAt).toBe(retryAt);
    },
  );

  test('the edge of the range still names its time', () => {
    expect(new CallNotPermittedError('open', 8.64e15).message).toBe(
      'circuit is open; calls are not permitted until +275760-09-13T00:00:00.000Z',
    );
  });
});

describe('CallTimeoutError', () => {
  test('carries the timeout', () => {
    const error = new CallTimeoutError(2_000);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CallTimeoutError');
    expect(error.timeout).toBe(2_000);
    expect(error.message).toBe('call timed out after 2000 ms');
  });
});

test('subclass instances pass isInstance', () => {
  class Rejected extends CallNotPermittedError {}
  class Slow extends CallTimeoutError {}
  expect(CallNotPermittedError.isInstance(new Rejected('forced_open', null))).toBe(true);
  expect(CallTimeoutError.isInstance(new Slow(5))).toBe(true);
});

const self: ErrorsModule = { CallNotPermittedError, CallTimeoutError };

describe.each([
  {
    name: 'CallNotPermittedError',
    Class: CallNotPermittedError,
    make: (m: ErrorsModule) => new m.CallNotPermittedError('open', 0),
    other: () => new CallTimeoutError(1),
  },
  {
    name: 'CallTimeoutError',
    Class: CallTimeoutError,
    make: (m: ErrorsModule) => new m.CallTimeoutError(100),
    other: () => new CallNotPermittedError('open', 0),
  },
] as const)('$name.isInstance', ({ name, Class, make, other }) => {
  test('is true for an instance', () => {
    expect(Class.isInstance(make(self))).toBe(true);
  });

  test('is true across two copies of @fluxgate/core, where instanceof is not', () => {
    const copy = anotherCopy();
    expect(copy[name]).not.toBe(Class); // really two copies
    const foreign = make(copy);
    expect(foreign).not.toBeInstanceOf(Class);
    expect(Class.isInstance(foreign)).toBe(true);
    expect(copy[name].isInstance(make(self))).toBe(true);
  });

  test.each([
    ['a plain Error', () => new Error('x')],
    ['an Error with the same name', () => Object.assign(new Error('x'), { name })],
    ['the other fluxgate error', other],
    ['null', () => null],
    ['undefined', () => undefined],
    ['a string', () => name],
    ['a number', () => 42],
    ['a symbol', () => Symbol(name)],
    ['a plain look-alike object', () => ({ name, state: 'open', retryAt: null, timeout: 1 })],
    ['a Proxy whose traps throw', () => throwingProxy],
    ['a revoked Proxy', () => revoked],
  ])('is false for %s, and never throws', (_label, value) => {
    expect(Class.isInstance(value())).toBe(false);
  });
});

describe('CallNotPermittedError construction cost', () => {
  test('captures no stack frames and leaves Error.stackTraceLimit as it was', () => {
    const before = Error.stackTraceLimit;
    const error = new CallNotPermittedError('open', 1_700_000_060_000);
    expect(Error.stackTraceLimit).toBe(before);
    expect(error.stack).toBe(`CallNotPermittedError: ${error.message}`);
    expect(new Error('ordinary').stack).toMatch(/\n\s+at /);
  });

  test('rejections of one open period share the message text; another retryAt gets its own', () => {
    const a = new CallNotPermittedError('open', 1_700_000_060_000);
    const b = new CallNotPermittedError('open', 1_700_000_060_000);
    const c = new CallNotPermittedError('open', 1_700_000_120_000);
    expect(b.message).toBe(a.message);
    expect(a.message).toBe(
      'circuit is open; calls are not permitted until 2023-11-14T22:14:20.000Z',
    );
    expect(c.message).toBe(
      'circuit is open; calls are not permitted until 2023-11-14T22:15:20.000Z',
    );
  });
});
