import { RampUp } from './permits/ramp-up';
import { Random } from './permits/random';
import { Backoff } from './retries/backoff';
import { Cooldown } from './retries/cooldown';
import { AvgLatency } from './trippers/avg-latency';
import { FailureRate } from './trippers/failure-rate';
import { FailureStreak } from './trippers/failure-streak';
import { MinRequests } from './trippers/min-requests';
import { SlowRate } from './trippers/slow-rate';
import {
  checkOptions,
  describeValue,
  greaterThan,
  inInterval,
  invalid,
  isFunction,
  positiveFinite,
  positiveInteger,
} from './validate';
import { CountWindow } from './windows/count-window';
import { TimeWindow } from './windows/time-window';

describe('describeValue (rendering a received value)', () => {
  function named() {}
  test.each([
    ['x', '"x"'],
    ['', '""'],
    ['a "quoted" one', '"a \\"quoted\\" one"'],
    [1.5, '1.5'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [10n, '10'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [named, 'function named'],
    [Symbol('s'), 'Symbol(s)'],
    [{}, '[object Object]'],
    [[1, 2], '[1, 2]'],
    [new Date(0), '[object Date]'],
  ])('renders %p as %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  test('renders an anonymous function', () => {
    expect(describeValue([() => 1][0])).toBe('function (anonymous)');
  });

  test.each([
    [
      'a throwing Symbol.toStringTag getter',
      {
        get [Symbol.toStringTag](): string {
          throw new Error('hostile');
        },
      },
    ],
    [
      'a Proxy whose get trap throws',
      new Proxy(
        {},
        {
          get() {
            throw new Error('hostile');
          },
        },
      ),
    ],
  ])('never throws, even for %s', (_label, value) => {
    expect(describeValue(value)).toBe('an unprintable value');
  });
});

describe('the rule helpers', () => {
  test('return the value they accept', () => {
    expect(positiveInteger('C', 'p', 3)).toBe(3);
    expect(positiveFinite('C', 'p', 0.25)).toBe(0.25);
    expect(inInterval('C', 'p', 0, 0, 1, false, true)).toBe(0);
    expect(greaterThan('C', 'p', 1.01, 1)).toBe(1.01);
    const fn = () => true;
    expect(isFunction('C', 'p', fn)).toBe(fn);
  });

  test.each([
    [false, false, 'in [0, 1]'],
    [true, false, 'in (0, 1]'],
    [false, true, 'in [0, 1)'],
    [true, true, 'in (0, 1)'],
  ])(
    'inInterval writes the interval (lowOpen %p, highOpen %p) as "%s"',
    (lowOpen, highOpen, rule) => {
      expect(() => inInterval('C', 'p', 2, 0, 1, lowOpen, highOpen)).toThrow(
        new RangeError(`C: p must be ${rule}, got 2`),
      );
    },
  );

  test.each([
    [0, false, false, true],
    [0, true, false, false],
    [1, false, false, true],
    [1, false, true, false],
  ])(
    'inInterval(%p) with lowOpen %p and highOpen %p accepts it: %p',
    (value, lowOpen, highOpen, ok) => {
      const check = () => inInterval('C', 'p', value, 0, 1, lowOpen, highOpen);
      if (ok) expect(check).not.toThrow();
      else
        expect(check).toThrow(
          new RangeError(
            `C: p must be in ${lowOpen ? '(' : '['}0, 1${highOpen ? ')' : ']'}, got ${value}`,
          ),
        );
    },
  );

  test('a wrong type is a TypeError, a number out of range a RangeError', () => {
    expect(() => positiveInteger('C', 'p', '1')).toThrow(
      new TypeError('C: p must be a positive integer, got "1"'),
    );
    expect(() => positiveInteger('C', 'p', 0)).toThrow(
      new RangeError('C: p must be a positive integer, got 0'),
    );
    expect(() => greaterThan('C', 'p', 1, 1)).toThrow(
      new RangeError('C: p must be a finite number > 1, got 1'),
    );
    expect(() => isFunction('C', 'p', 5)).toThrow(new TypeError('C: p must be a function, got 5'));
  });

  test('invalid() throws a RangeError by default and a TypeError on request', () => {
    expect(() => invalid('C', 'p', 'odd', 2)).toThrow(new RangeError('C: p must be odd, got 2'));
    expect(() => invalid('C', 'p', 'odd', 'x', true)).toThrow(
      new TypeError('C: p must be odd, got "x"'),
    );
  });
});

// SPEC §4 "Validation", one row per constructor parameter: NaN is always a RangeError, any
// non-number a TypeError, and the message names the class, the parameter, the rule and the value.
const rules: [string, string, (value: unknown) => unknown][] = [
  ['CountWindow', 'size must be a positive integer', (v) => new CountWindow(v as number)],
  ['TimeWindow', 'durationMs must be a finite number > 0', (v) => new TimeWindow(v as number)],
  [
    'TimeWindow',
    'bucketMs must be a finite number > 0',
    (v) => new TimeWindow(1_000, { bucketMs: v as number }),
  ],
  ['MinRequests', 'count must be a positive integer', (v) => new MinRequests(v as number)],
  ['FailureStreak', 'count must be a positive integer', (v) => new FailureStreak(v as number)],
  ['FailureRate', 'ratio must be in (0, 1]', (v) => new FailureRate(v as number)],
  ['SlowRate', 'ratio must be in (0, 1]', (v) => new SlowRate(v as number, { threshold: 1_000 })],
  [
    'SlowRate',
    'threshold must be a finite number > 0',
    (v) => new SlowRate(0.5, { threshold: v as number }),
  ],
  ['AvgLatency', 'ms must be a finite number > 0', (v) => new AvgLatency(v as number)],
  ['Cooldown', 'ms must be a finite number > 0', (v) => new Cooldown(v as number)],
  [
    'Cooldown',
    'jitterRatio must be in [0, 1)',
    (v) => new Cooldown(1_000, { jitterRatio: v as number }),
  ],
  ['Backoff', 'initial must be a finite number > 0', (v) => new Backoff({ initial: v as number })],
  [
    'Backoff',
    'multiplier must be a finite number > 1',
    (v) => new Backoff({ initial: 1_000, multiplier: v as number }),
  ],
  [
    'Backoff',
    'maxDuration must be a finite number > 0',
    (v) => new Backoff({ initial: 1_000, maxDuration: v as number }),
  ],
  [
    'Backoff',
    'jitterRatio must be in [0, 1)',
    (v) => new Backoff({ initial: 1_000, jitterRatio: v as number }),
  ],
  ['Random', 'ratio must be in [0, 1]', (v) => new Random(v as number)],
  [
    'RampUp',
    'initial must be in (0, 1]',
    (v) => new RampUp({ initial: v as number, final: 1, duration: 1_000 }),
  ],
  [
    'RampUp',
    'final must be in (0, 1]',
    (v) => new RampUp({ initial: 0.1, final: v as number, duration: 1_000 }),
  ],
  [
    'RampUp',
    'duration must be a finite number > 0',
    (v) => new RampUp({ initial: 0.1, final: 1, duration: v as number }),
  ],
];

describe('every numeric constructor parameter', () => {
  test.each(rules)('%s: %s refuses NaN with a RangeError', (owner, rule, make) => {
    expect(() => make(Number.NaN)).toThrow(new RangeError(`${owner}: ${rule}, got NaN`));
  });

  test.each(rules)('%s: %s refuses a numeric string with a TypeError', (owner, rule, make) => {
    expect(() => make('1')).toThrow(new TypeError(`${owner}: ${rule}, got "1"`));
  });

  test.each(rules)('%s: %s refuses null with a TypeError', (owner, rule, make) => {
    expect(() => make(null)).toThrow(new TypeError(`${owner}: ${rule}, got null`));
  });

  test.each(rules)('%s: %s refuses -Infinity with a RangeError', (owner, rule, make) => {
    expect(() => make(-Infinity)).toThrow(new RangeError(`${owner}: ${rule}, got -Infinity`));
  });
});

describe('checkOptions', () => {
  test('copies the allowed keys, reading each exactly once', () => {
    let reads = 0;
    const options = {
      get level() {
        reads++;
        return reads === 1 ? 'info' : 'bogus';
      },
    };
    const opts = checkOptions('C', 'options', options, ['level', 'name']);
    expect(opts).toEqual({ level: 'info', name: undefined });
    expect(opts.level).toBe('info');
    expect(reads).toBe(1);
    expect(Object.getPrototypeOf(opts)).toBeNull();
  });

  test('reads an inherited option too, but refuses only own unknown keys', () => {
    const options = Object.create({ level: 'warn', toStringish: 1 });
    expect(checkOptions('C', 'options', options, ['level']).level).toBe('warn');
  });

  test('refuses an unknown key, naming it and the valid ones', () => {
    expect(() => checkOptions('C', 'options', { levl: 1 }, ['level', 'name'])).toThrow(
      new TypeError("C: unknown option 'levl'; the options are level, name"),
    );
    expect(() => checkOptions('C.run', 'runOptions', { timout: 1 }, ['timeout'])).toThrow(
      new TypeError("C.run: unknown option 'timout' in runOptions; the options are timeout"),
    );
  });

  test('undefined means every key is absent, unless the options are required', () => {
    expect(checkOptions('C', 'options', undefined, ['a'])).toEqual({ a: undefined });
    expect(() => checkOptions('C', 'options', undefined, ['a'], 'an object { a }')).toThrow(
      new TypeError('C: options must be an object { a }, got undefined'),
    );
  });

  test.each([
    [null, 'null'],
    [5, '5'],
    ['x', '"x"'],
    [[1], '[1]'],
    [() => 1, 'function (anonymous)'],
  ])('refuses %p as options', (value, shown) => {
    expect(() => checkOptions('C', 'options', value, ['a'])).toThrow(
      new TypeError(`C: options must be an object, got ${shown}`),
    );
  });

  test("an options object that cannot be read is a TypeError, not the getter's error", () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('hostile');
        },
      },
    );
    expect(() => checkOptions('C', 'options', hostile, ['a'])).toThrow(
      new TypeError('C: options could not be read: Error: hostile'),
    );
  });
});

// Every nested options object refuses unknown names (a typo must not pass silently) and treats an
// explicit `undefined` like an absent key (exactOptionalPropertyTypes users write `x ?? undefined`).
const optionObjects: [string, (options: Record<string, unknown>) => unknown, string, object][] = [
  ['TimeWindow', (o) => new TimeWindow(10_000, o), 'bucketMs', { bucketMs: undefined }],
  ['Cooldown', (o) => new Cooldown(1_000, o), 'jitterRatio', { jitterRatio: undefined }],
  [
    'Backoff',
    (o) => new Backoff({ initial: 1_000, ...o }),
    'initial, multiplier, maxDuration, jitterRatio',
    { multiplier: undefined, maxDuration: undefined, jitterRatio: undefined },
  ],
  ['SlowRate', (o) => new SlowRate(0.5, { threshold: 100, ...o } as never), 'threshold', {}],
  [
    'RampUp',
    (o) => new RampUp({ initial: 0.1, final: 1, duration: 1_000, ...o }),
    'initial, final, duration',
    {},
  ],
];

describe('every nested options object', () => {
  test.each(optionObjects)(
    '%s refuses an unknown option, naming the valid ones',
    (owner, make, keys) => {
      for (const typo of ['multipler', 'jiter', 'bucketSize', 'treshold']) {
        expect(() => make({ [typo]: 2 })).toThrow(
          new TypeError(`${owner}: unknown option '${typo}'; the options are ${keys}`),
        );
      }
    },
  );

  test.each(optionObjects)(
    '%s takes an explicit undefined as the default',
    (_owner, make, _keys, undef) => {
      expect(make(undef as Record<string, unknown>)).toEqual(make({}));
    },
  );
});
