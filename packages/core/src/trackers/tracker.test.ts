import { CircuitBreaker } from '../breaker/circuit-breaker';
import { boom } from '../testing/test-kit';
import { FailureStreak } from '../trippers/failure-streak';
import { All } from './all';
import { Custom } from './custom';
import { Tracker } from './tracker';
import { TypeOf } from './type-of';

/** A tracker with a fixed answer that counts how often it was asked. */
class Fixed extends Tracker {
  asked = 0;
  constructor(private readonly answer: boolean) {
    super();
  }
  matches(): boolean {
    this.asked++;
    return this.answer;
  }
}

const error = new Error('boom');

describe('Tracker composition', () => {
  test.each([
    [false, false, false],
    [false, true, false],
    [true, false, false],
    [true, true, true],
  ])('%p AND %p = %p', (a, b, expected) => {
    expect(new Fixed(a).and(new Fixed(b)).matches(error)).toBe(expected);
  });

  test.each([
    [false, false, false],
    [false, true, true],
    [true, false, true],
    [true, true, true],
  ])('%p OR %p = %p', (a, b, expected) => {
    expect(new Fixed(a).or(new Fixed(b)).matches(error)).toBe(expected);
  });

  test.each([
    [false, true],
    [true, false],
  ])('NOT %p = %p, and NOT NOT gives the original back', (a, expected) => {
    expect(new Fixed(a).not().matches(error)).toBe(expected);
    expect(new Fixed(a).not().not().matches(error)).toBe(a);
  });

  test('composites are Trackers and compose further', () => {
    const composite = new Fixed(true).and(new Fixed(true));
    expect(composite).toBeInstanceOf(Tracker);
    expect(composite.or(new Fixed(false)).not()).toBeInstanceOf(Tracker);
  });

  test('short-circuits like && and ||', () => {
    const right = new Fixed(true);
    new Fixed(false).and(right).matches(error);
    new Fixed(true).or(right).matches(error);
    expect(right.asked).toBe(0);
  });

  test('the documented example: every Error except validation errors', () => {
    class ValidationError extends Error {}
    const tracker = new TypeOf(Error).and(new TypeOf(ValidationError).not());
    expect(tracker.matches(new Error('network'))).toBe(true);
    expect(tracker.matches(new ValidationError('bad input'))).toBe(false);
    expect(tracker.matches('not an Error')).toBe(false);
    expect(tracker.matches(null)).toBe(false);
  });

  test('mixes built-in trackers', () => {
    const tracker = new Custom((e) => e === 'timeout').or(new TypeOf(RangeError));
    expect(tracker.matches('timeout')).toBe(true);
    expect(tracker.matches(new RangeError('x'))).toBe(true);
    expect(tracker.matches(new TypeError('x'))).toBe(false);
    expect(new All().not().matches(error)).toBe(false);
  });

  test.each([
    ['and', null],
    ['and', { matches: () => true }],
    ['or', undefined],
    ['or', (e: unknown) => Boolean(e)],
  ] as const)('%s() refuses a non-Tracker (%p)', (method, other) => {
    expect(() => new All()[method](other as never)).toThrow(TypeError);
    expect(() => new All()[method](other as never)).toThrow(
      new RegExp(`^Tracker\\.${method}: other must be a Tracker, got `),
    );
  });
});

describe('composed verdicts must be booleans', () => {
  class AsyncTracker extends Tracker {
    // What an `async matches()` returns, typed as a boolean by mistake.
    matches(): boolean {
      return Promise.resolve(false) as unknown as boolean;
    }
  }

  test.each([
    ['and', (t: Tracker) => new Fixed(true).and(t)],
    ['or', (t: Tracker) => new Fixed(false).or(t)],
    ['not', (t: Tracker) => t.not()],
  ])('%s refuses an async child instead of counting its promise', (_name, compose) => {
    expect(() => compose(new AsyncTracker()).matches(error)).toThrow(
      new TypeError('Tracker: matches() must return a boolean, got [object Promise]'),
    );
  });

  test('a breaker reports the fault and counts the error on the safe side', () => {
    const faults: unknown[] = [];
    const breaker = new CircuitBreaker({
      tracker: new AsyncTracker().not(),
      tripper: new FailureStreak(2),
      onListenerError: (fault) => faults.push(fault),
    });
    for (let i = 0; i < 2; i++) expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().state).toBe('open');
    expect(faults).toHaveLength(2);
  });
});
