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
});
