import { AsyncCircuitBreaker } from '../breaker/async-circuit-breaker';
import { CircuitBreaker } from '../breaker/circuit-breaker';
import { ManualClock } from '../testing/test-kit';
import { BreakerRegistry } from './breaker-registry';

function counting() {
  const created: string[] = [];
  const registry = new BreakerRegistry({
    create: (key) => {
      created.push(key);
      return new CircuitBreaker();
    },
  });
  return { registry, created };
}

describe('BreakerRegistry.get', () => {
  it('creates one breaker per key, on the first get of that key', () => {
    const { registry, created } = counting();
    const a = registry.get('a');
    expect(registry.get('a')).toBe(a);
    const b = registry.get('b');
    expect(b).not.toBe(a);
    expect(registry.get('a')).toBe(a);
    expect(created).toEqual(['a', 'b']);
    expect(registry.size).toBe(2);
    expect(registry.has('a')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expect(registry.peek('c')).toBeUndefined();
    expect(created).toEqual(['a', 'b']);
  });

  it('accepts any non-empty string, "__proto__" included', () => {
    const { registry } = counting();
    const breaker = registry.get('__proto__');
    expect(registry.get('__proto__')).toBe(breaker);
    expect(Object.keys(registry.info())).toEqual(['__proto__']);
    expect(JSON.stringify(registry.info())).toMatch(/^\{"__proto__":\{"state":"closed",/);
  });

  it.each([
    [42, 'got 42'],
    ['', 'got ""'],
    [null, 'got null'],
    [Symbol('k'), 'got Symbol(k)'],
    [{}, 'got [object Object]'],
  ])('refuses the key %p with a TypeError', (key, got) => {
    const { registry, created } = counting();
    expect(() => registry.get(key as string)).toThrow(
      new TypeError(`BreakerRegistry.get: key must be a non-empty string, ${got}`),
    );
    expect(created).toEqual([]);
  });

  it('wraps a throwing create in an Error naming the key, stores nothing and retries next time', () => {
    const fault = new Error('bad config');
    let fail = true;
    const registry = new BreakerRegistry({
      create: () => {
        if (fail) throw fault;
        return new CircuitBreaker();
      },
    });
    let caught: unknown;
    try {
      registry.get('api');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toBe(
      'BreakerRegistry: create("api") threw: Error: bad config',
    );
    expect((caught as Error).cause).toBe(fault);
    expect(registry.size).toBe(0);
    fail = false;
    expect(registry.get('api')).toBeInstanceOf(CircuitBreaker);
  });

  it('refuses what create returns when it is not a new breaker', () => {
    const shared = new CircuitBreaker();
    const cases: [() => unknown, string][] = [
      [() => undefined, 'must return a CircuitBreaker or AsyncCircuitBreaker, got undefined'],
      [
        () => ({ call() {} }),
        'must return a CircuitBreaker or AsyncCircuitBreaker, got [object Object]',
      ],
      [
        () => Promise.resolve(new CircuitBreaker()),
        'must return a breaker synchronously (not a promise), got [object Promise]',
      ],
      [() => shared, 'must return a new breaker for every key, got an instance of CircuitBreaker'],
    ];
    for (const [create, rule] of cases) {
      const registry = new BreakerRegistry({ create: create as () => CircuitBreaker });
      if (create() === shared) registry.get('first');
      expect(() => registry.get('k')).toThrow(
        new TypeError(`BreakerRegistry: create("k") ${rule}`),
      );
      expect(registry.has('k')).toBe(false);
    }
  });

  it('refuses a create that asks for its own key instead of recursing forever', () => {
    const registry: BreakerRegistry<CircuitBreaker> = new BreakerRegistry({
      create: (key) => registry.get(key),
    });
    expect(() => registry.get('loop')).toThrow(/create\("loop"\) threw: .*must not call get/);
    expect(registry.size).toBe(0);
  });

  it('holds sync and async breakers, typed by what create returns', async () => {
    const registry = new BreakerRegistry({ create: () => new AsyncCircuitBreaker() });
    const breaker: AsyncCircuitBreaker = registry.get('x');
    await expect(breaker.call(async () => 7)).resolves.toBe(7);
  });
});

describe('BreakerRegistry views', () => {
  it('info() is JSON with one CircuitBreakerInfo per key, and does not count as a use', () => {
    const clock = new ManualClock();
    const registry = new BreakerRegistry({
      create: () => new CircuitBreaker({ clock }),
      maxSize: 2,
    });
    registry.get('a').forceOpen();
    registry.get('b');
    const json = JSON.parse(JSON.stringify(registry.info()));
    expect(Object.keys(json).sort()).toEqual(['a', 'b']);
    expect(json.a).toMatchObject({ state: 'forced_open', reopens: 0, retryAt: null });
    expect(json.b.metrics).toMatchObject({ totalCount: 0, failureCount: 0, failureRate: null });
  });

  it('iterates [key, breaker], keys and values without creating or touching anything', () => {
    const { registry } = counting();
    const a = registry.get('a');
    const b = registry.get('b');
    expect(new Map(registry)).toEqual(
      new Map([
        ['a', a],
        ['b', b],
      ]),
    );
    expect([...registry.keys()].sort()).toEqual(['a', 'b']);
    expect(new Set(registry.values())).toEqual(new Set([a, b]));
    expect([...registry.entries()]).toHaveLength(2);
  });

  it('skips a circuit evicted during the iteration', () => {
    const { registry } = counting();
    registry.get('a');
    registry.get('b');
    const seen: string[] = [];
    for (const [key] of registry) {
      seen.push(key);
      registry.delete(key === 'a' ? 'b' : 'a');
    }
    expect(seen).toHaveLength(1);
  });
});

describe('BreakerRegistry options', () => {
  const create = () => new CircuitBreaker();

  it('refuses unknown options, naming the valid ones', () => {
    expect(() => new BreakerRegistry({ create, maxsize: 5 } as never)).toThrow(
      new TypeError(
        "BreakerRegistry: unknown option 'maxsize'; the options are create, maxSize, idleTimeout, onEvict, closeOnEvict, clock, onError",
      ),
    );
  });

  it.each([
    [
      undefined,
      new TypeError('BreakerRegistry: options must be an object with create, got undefined'),
    ],
    [null, new TypeError('BreakerRegistry: options must be an object with create, got null')],
    [{}, new TypeError('BreakerRegistry: create must be a function, got undefined')],
    [
      { create, maxSize: 0 },
      new RangeError('BreakerRegistry: maxSize must be a positive integer, got 0'),
    ],
    [
      { create, maxSize: 1.5 },
      new RangeError('BreakerRegistry: maxSize must be a positive integer, got 1.5'),
    ],
    [
      { create, maxSize: Number.POSITIVE_INFINITY },
      new RangeError('BreakerRegistry: maxSize must be a positive integer, got Infinity'),
    ],
    [
      { create, maxSize: '10' },
      new TypeError('BreakerRegistry: maxSize must be a positive integer, got "10"'),
    ],
    [
      { create, idleTimeout: -1 },
      new RangeError('BreakerRegistry: idleTimeout must be a finite number > 0, got -1'),
    ],
    [
      { create, idleTimeout: Number.NaN },
      new RangeError('BreakerRegistry: idleTimeout must be a finite number > 0, got NaN'),
    ],
    [
      { create, onEvict: 'x' },
      new TypeError('BreakerRegistry: onEvict must be a function, got "x"'),
    ],
    [
      { create, closeOnEvict: 1 },
      new TypeError('BreakerRegistry: closeOnEvict must be a boolean, got 1'),
    ],
    [
      { create, clock: () => 0 },
      new TypeError(
        'BreakerRegistry: clock must be an object with a now() method, got function clock',
      ),
    ],
    [{ create, onError: 5 }, new TypeError('BreakerRegistry: onError must be a function, got 5')],
  ])('refuses %p', (options, error) => {
    expect(() => new BreakerRegistry(options as never)).toThrow(error);
    expect(() => new BreakerRegistry(options as never)).toThrow(error.constructor as typeof Error);
  });

  it('accepts every option left undefined, with the defaults', () => {
    const registry = new BreakerRegistry({
      create,
      maxSize: undefined,
      idleTimeout: undefined,
      onEvict: undefined,
      closeOnEvict: undefined,
      clock: undefined,
      onError: undefined,
    });
    expect(registry.maxSize).toBe(1000);
    expect(registry.idleTimeout).toBeUndefined();
  });
});
