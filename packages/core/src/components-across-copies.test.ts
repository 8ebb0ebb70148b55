// An app and one of its dependencies may each install @fluxgate/core, or a CommonJS component may
// meet an ESM breaker: components are recognised by a Symbol.for brand, not by prototype identity.
import * as core from './index';
import { All as AllowAll } from './permits/all';
import { boom, ManualClock, ok } from './testing/test-kit';
import { All as AllErrors } from './trackers/all';

type Core = typeof core;

/** A second, independent copy of the whole package, as when two versions are installed. */
function anotherCopy(): Core {
  let copy: Core | undefined;
  jest.isolateModules(() => {
    copy = require('./index') as Core;
  });
  return copy!;
}

const other = anotherCopy();

const families = [
  {
    name: 'Window',
    Base: core.Window,
    ForeignBase: other.Window,
    local: () => new core.CountWindow(5),
    foreign: () => new other.TimeWindow(1_000),
  },
  {
    name: 'Tracker',
    Base: core.Tracker,
    ForeignBase: other.Tracker,
    local: () => new core.TypeOf(TypeError),
    foreign: () => new other.Custom(() => true).not(),
  },
  {
    name: 'Tripper',
    Base: core.Tripper,
    ForeignBase: other.Tripper,
    local: () => new core.FailureStreak(2),
    foreign: () => new other.MinRequests(3).and(new other.FailureRate(0.5)),
  },
  {
    name: 'Retry',
    Base: core.Retry,
    ForeignBase: other.Retry,
    local: () => new core.Never(),
    foreign: () => new other.Backoff({ initial: 1_000 }),
  },
  {
    name: 'Permit',
    Base: core.Permit,
    ForeignBase: other.Permit,
    local: () => new core.Random(0.5),
    foreign: () => new other.RampUp({ initial: 0.1, final: 1, duration: 1_000 }),
  },
] as const;

describe.each(families)(
  '$name from another copy of core',
  ({ Base, ForeignBase, local, foreign }) => {
    test('really is another copy', () => {
      expect(ForeignBase).not.toBe(Base);
      // The ordinary prototype check, which `instanceof` used to be, says no.
      expect(Function.prototype[Symbol.hasInstance].call(Base, foreign())).toBe(false);
    });

    test('is an instance of the family in both directions', () => {
      expect(foreign()).toBeInstanceOf(Base);
      expect(local()).toBeInstanceOf(ForeignBase);
      expect(local()).toBeInstanceOf(Base);
    });

    test.each([
      [
        'a look-alike plain object',
        () => ({ record() {}, metric() {}, reset() {}, evaluate() {} }),
      ],
      ['null', () => null],
      ['a string', () => 'Window'],
      [
        'a revoked Proxy',
        () => {
          const { proxy, revoke } = Proxy.revocable({}, {});
          revoke();
          return proxy;
        },
      ],
      [
        'a Proxy whose traps throw',
        () =>
          new Proxy(
            {},
            {
              get() {
                throw new Error('hostile');
              },
              getPrototypeOf() {
                throw new Error('hostile');
              },
            },
          ),
      ],
    ])('is not confused with %s, and never throws', (_label, make) => {
      expect(make() instanceof Base).toBe(false);
    });
  },
);

describe('instanceof a concrete class keeps the prototype check', () => {
  test('a sibling class or a subclass of another family is not an instance', () => {
    expect(new core.TimeWindow(1_000) instanceof core.CountWindow).toBe(false);
    expect(new core.CountWindow(3) instanceof core.CountWindow).toBe(true);
    expect(new core.Cooldown(1) instanceof core.Window).toBe(false);
  });

  test("a user's subclass works with instanceof, and its instances are of the family", () => {
    class Fixed extends core.Tripper {
      evaluate(): boolean {
        return false;
      }
    }
    class Sub extends Fixed {}
    expect(new Sub()).toBeInstanceOf(Fixed);
    expect(new Fixed()).not.toBeInstanceOf(Sub);
    expect(new core.FailureStreak(1)).not.toBeInstanceOf(Fixed);
    expect(new Sub()).toBeInstanceOf(other.Tripper);
  });

  test('a revoked Proxy is not an instance of a subclass either, and nothing throws', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(proxy instanceof core.CountWindow).toBe(false);
  });
});

describe('a breaker built from components of two copies', () => {
  test('accepts every component from the other copy, and they drive it', () => {
    const clock = new ManualClock();
    const breaker = new core.CircuitBreaker({
      clock,
      window: new other.CountWindow(10),
      tracker: new other.TypeOf(Error),
      tripper: new other.FailureStreak(2),
      retry: new other.Cooldown(1_000),
      permit: new AllowAll(),
    });
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().state).toBe('open');
    clock.advance(1_000);
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info().state).toBe('closed');
  });

  test("the other copy's breaker accepts this copy's components", () => {
    const breaker = new other.AsyncCircuitBreaker({
      window: new core.CountWindow(4),
      tracker: new AllErrors(),
      tripper: new core.FailureStreak(1).or(new core.MinRequests(50)),
      retry: new core.Never(),
      permit: new core.Random(1),
    });
    return expect(breaker.call(async () => 7)).resolves.toBe(7);
  });

  test('composition works across copies in both directions', () => {
    const mixed = [
      new core.FailureStreak(3).or(new other.FailureStreak(1)),
      new other.FailureStreak(3).or(new core.FailureStreak(1)),
      new other.MinRequests(1).and(new core.FailureStreak(1)),
    ];
    const ctx = {
      metric: core.MetricSnapshot.empty(),
      state: 'closed' as const,
      consecutiveFailures: 1,
    };
    expect(mixed.map((t) => t.evaluate(ctx))).toEqual([true, true, false]);
    const tracker = new core.TypeOf(RangeError).or(new other.TypeOf(TypeError)).not();
    expect(tracker.matches(new TypeError('x'))).toBe(false);
    expect(tracker.matches(new Error('x'))).toBe(true);
    expect(new other.Custom(() => false).and(new core.Custom(() => true)).matches(1)).toBe(false);
  });

  test("a SlowRate of the other copy declares its threshold through this copy's composite", () => {
    const tree = new core.MinRequests(5).and(
      new other.SlowRate(0.5, { threshold: 700 }).or(new core.SlowRate(0.2, { threshold: 300 })),
    );
    expect(tree.slowThresholds).toEqual([700, 300]);
  });
});

describe('refusals name the class of what was given', () => {
  test.each([
    [
      'window',
      () => new core.Cooldown(1),
      'window must be an instance of Window, got an instance of Cooldown',
    ],
    [
      'tripper',
      () => new core.CountWindow(1),
      'tripper must be an instance of Tripper, got an instance of CountWindow',
    ],
    [
      'permit',
      () => new (class Gate {})(),
      'permit must be an instance of Permit, got an instance of Gate',
    ],
    [
      'retry',
      () => ({ delay: () => 1 }),
      'retry must be an instance of Retry, got [object Object]',
    ],
  ])('%s', (option, make, message) => {
    expect(() => new core.CircuitBreaker({ [option]: make() })).toThrow(
      new TypeError(`CircuitBreaker: ${message}`),
    );
  });

  test('composition refuses another family by its class name', () => {
    expect(() => new core.FailureStreak(1).or(new core.Never() as never)).toThrow(
      new TypeError('Tripper.or: other must be a Tripper, got an instance of Never'),
    );
    expect(() => new core.TypeOf(Error).and(new core.Random(1) as never)).toThrow(
      new TypeError('Tracker.and: other must be a Tracker, got an instance of Random'),
    );
  });
});
