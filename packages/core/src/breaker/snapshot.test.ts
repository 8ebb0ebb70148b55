import { All as AllowAll } from '../permits/all';
import { Cooldown } from '../retries/cooldown';
import { Never } from '../retries/never';
import { boom, ManualClock, ok } from '../testing/test-kit';
import { FailureStreak } from '../trippers/failure-streak';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';
import type { CircuitBreakerOptions } from './options';
import { type BreakerSnapshot, SNAPSHOT_FORMAT } from './snapshot';

function make(options: CircuitBreakerOptions = {}) {
  const clock = new ManualClock();
  const breaker = new CircuitBreaker({
    clock,
    permit: new AllowAll(),
    tripper: new FailureStreak(1),
    retry: new Cooldown(60_000),
    ...options,
  });
  return { clock, breaker };
}

const roundTrip = (snapshot: BreakerSnapshot) => JSON.parse(JSON.stringify(snapshot));

describe('snapshot and initialState', () => {
  // Wall-clock time stands still so epoch <-> monotonic conversions are exact.
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  test('a fresh breaker snapshots as closed', () => {
    const { breaker } = make();
    expect(breaker.snapshot()).toMatchObject({
      format: SNAPSHOT_FORMAT,
      state: 'closed',
      reopens: 0,
      retryAt: null,
      consecutiveFailures: 0,
    });
  });

  test('an open circuit stays open in a new breaker until its retry time', () => {
    const { breaker } = make();
    expect(() => breaker.call(boom)).toThrow();
    const saved = roundTrip(breaker.snapshot());
    expect(saved.retryAt).toBe(breaker.info().retryAt);

    const later = make({ initialState: saved });
    expect(later.breaker.info()).toMatchObject({
      state: 'open',
      retryAt: saved.retryAt,
      changedAt: saved.changedAt,
    });
    expect(() => later.breaker.call(ok)).toThrow(/circuit is open/);
    // The new breaker's clock maps epoch ms to its own monotonic time.
    later.clock.advance(59_999);
    expect(() => later.breaker.call(ok)).toThrow(/circuit is open/);
    later.clock.advance(1);
    expect(later.breaker.call(ok)).toBe('ok');
    expect(later.breaker.info().state).toBe('closed');
  });

  test('reopens and the failure streak survive the round trip', () => {
    const { breaker, clock } = make({ tripper: new FailureStreak(3) });
    for (let i = 0; i < 3; i++) expect(() => breaker.call(boom)).toThrow();
    clock.advance(60_000);
    expect(() => breaker.call(boom)).toThrow(); // half_open, streak 1
    expect(() => breaker.call(boom)).toThrow(); // streak 2
    const saved = roundTrip(breaker.snapshot());
    expect(saved).toMatchObject({ state: 'half_open', consecutiveFailures: 2 });
    const restored = new AsyncCircuitBreaker({
      initialState: saved,
      permit: new AllowAll(),
      tripper: new FailureStreak(3),
    });
    return restored
      .call(async () => boom())
      .catch(() => {
        expect(restored.info()).toMatchObject({ state: 'open', reopens: 1 });
      });
  });

  test('an open circuit that never retries is saved with retryAt null and restores as never', () => {
    const { breaker } = make({ retry: new Never() });
    expect(() => breaker.call(boom)).toThrow();
    const saved = roundTrip(breaker.snapshot());
    expect(saved.retryAt).toBeNull();
    const restored = new CircuitBreaker({ initialState: saved });
    expect(restored.info().retryAt).toBe(Number.POSITIVE_INFINITY);
  });

  test('operational states are restored', () => {
    const { breaker } = make();
    breaker.forceOpen();
    const restored = new CircuitBreaker({ initialState: roundTrip(breaker.snapshot()) });
    expect(() => restored.call(ok)).toThrow(/forced_open/);
  });

  const valid = () => ({
    format: SNAPSHOT_FORMAT,
    state: 'open',
    changedAt: 1_700_000_000_000,
    reopens: 0,
    retryAt: 1_700_000_060_000,
    consecutiveFailures: 1,
  });
  test.each<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['a foreign object', { state: 'open' }],
    ['another format', { ...valid(), format: 'other/1' }],
    ['an unknown state', { ...valid(), state: 'broken' }],
    ['an unknown field', { ...valid(), extra: 1 }],
    ['a string changedAt', { ...valid(), changedAt: '2024-01-01' }],
    ['negative reopens', { ...valid(), reopens: -1 }],
    ['fractional consecutiveFailures', { ...valid(), consecutiveFailures: 0.5 }],
    ['a string retryAt', { ...valid(), retryAt: 'soon' }],
    ['retryAt while closed', { ...valid(), state: 'closed' }],
  ])('%s is refused whole with a TypeError', (_name, snapshot) => {
    expect(() => new CircuitBreaker({ initialState: snapshot as BreakerSnapshot })).toThrow(
      TypeError,
    );
  });

  test('the valid fixture itself is accepted', () => {
    expect(new CircuitBreaker({ initialState: valid() as BreakerSnapshot }).info().state).toBe(
      'open',
    );
  });

  test('each field is read once: a getter cannot pass the check and restore something else', () => {
    const reads: Record<string, number> = {};
    const answers: Record<string, unknown[]> = {
      format: [SNAPSHOT_FORMAT, 'other/1'],
      state: ['forced_open', 'broken'],
      changedAt: [1_699_999_000_000, Number.NaN],
      reopens: [2, -1],
      retryAt: [null, 'soon'],
      consecutiveFailures: [3, 0.5],
    };
    const hostile = {};
    for (const [key, values] of Object.entries(answers)) {
      Object.defineProperty(hostile, key, {
        enumerable: true,
        get() {
          reads[key] = (reads[key] ?? 0) + 1;
          return values[Math.min(reads[key] - 1, values.length - 1)];
        },
      });
    }
    const restored = new CircuitBreaker({ initialState: hostile as BreakerSnapshot });
    expect(restored.info()).toMatchObject({
      state: 'forced_open',
      reopens: 2,
      changedAt: 1_699_999_000_000,
    });
    expect(restored.snapshot().consecutiveFailures).toBe(3);
    expect(Object.values(reads)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test.each<[string, Record<string, unknown>]>([
    ['changedAt 1e300', { changedAt: 1e300 }],
    ['changedAt -1e300', { changedAt: -1e300 }],
    ['changedAt past the Date range', { changedAt: 8.64e15 + 1 }],
    ['changedAt Infinity', { changedAt: Number.POSITIVE_INFINITY }],
    ['retryAt 1e300', { retryAt: 1e300 }],
    ['retryAt -Infinity', { retryAt: Number.NEGATIVE_INFINITY }],
    ['reopens 1e300', { reopens: 1e300 }],
    ['consecutiveFailures 2 ** 60', { consecutiveFailures: 2 ** 60 }],
  ])('an absurd time or count (%s) is refused, not applied', (_name, field) => {
    const make = () =>
      new CircuitBreaker({ initialState: { ...valid(), ...field } as BreakerSnapshot });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(/initialState is not a fluxgate breaker snapshot/);
  });

  test('a changedAt in the future (a host whose clock runs ahead) is clamped to now', () => {
    const restored = new CircuitBreaker({
      initialState: { ...valid(), changedAt: Date.now() + 3_600_000 } as BreakerSnapshot,
    });
    expect(restored.info().changedAt).toBe(Date.now());
    expect(restored.info().retryAt).toBe(valid().retryAt);
  });

  test('Never saved as retryAt Infinity by hand is still accepted', () => {
    const restored = new CircuitBreaker({
      initialState: { ...valid(), retryAt: Number.POSITIVE_INFINITY } as BreakerSnapshot,
    });
    expect(restored.info().retryAt).toBe(Number.POSITIVE_INFINITY);
  });

  test.each([
    [
      'a Proxy whose ownKeys trap throws',
      new Proxy(valid(), {
        ownKeys() {
          throw new Error('hostile');
        },
      }),
    ],
    [
      'a Proxy whose get trap throws',
      new Proxy(valid(), {
        get() {
          throw new Error('hostile');
        },
      }),
    ],
  ])("%s is refused with the usual TypeError, not the trap's error", (_name, snapshot) => {
    expect(() => new CircuitBreaker({ initialState: snapshot as BreakerSnapshot })).toThrow(
      /^CircuitBreaker: initialState is not a fluxgate breaker snapshot: its fields could not be/,
    );
  });
});
