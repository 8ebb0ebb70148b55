import { asyncBreaker, syncBreaker } from '@fluxgate/metrics-test-kit';
import { INSTRUMENT_NAMES } from './instrument-names';
import { OtelListener } from './otel-listener';
import {
  byAttribute,
  type CollectingProvider,
  collectingProvider,
  only,
  points,
  statesOf,
} from './test-support/sdk';

let sdk: CollectingProvider;
beforeEach(() => {
  sdk = collectingProvider();
});
afterEach(() => sdk.shutdown());

const listener = (name: string, extra: { calls?: boolean; buckets?: number[] } = {}) =>
  new OtelListener({ name, meterProvider: sdk.provider, ...extra });

const stateOf = async (circuit: string) => statesOf(await sdk.collect(), circuit);

describe('OtelListener sharing a meter', () => {
  test('listeners of one provider share its instruments; buckets must agree', () => {
    listener('a', { buckets: [0.1, 1] });
    listener('b', { buckets: [0.1, 1] });
    listener('c', { calls: false });
    expect(() => listener('d', { buckets: [0.5] })).toThrow(
      new RangeError(
        'OtelListener: buckets must match those of the circuit_breaker.call_duration_seconds ' +
          'histogram already created on this meter ([0.1, 1]), got [0.5]',
      ),
    );
    expect(() => listener('e')).toThrow(RangeError);
  });

  test('a newer listener with the same name takes the circuit over', async () => {
    const old = listener('per-test');
    syncBreaker([old]).breaker.forceOpen();
    syncBreaker([listener('per-test')]);
    expect(await stateOf('per-test')).toEqual(only('closed'));
    old.close();
    expect(await stateOf('per-test')).toEqual(only('closed'));
  });
});

describe('OtelListener faults', () => {
  test('outcomes named like Object.prototype members are counted, not looked up there', async () => {
    const odd = listener('odd');
    syncBreaker([odd]);
    for (const outcome of ['__proto__', 'constructor', 'toString']) {
      odd.onCall?.({ outcome, duration: 1, state: 'closed' } as never);
    }
    expect(({} as Record<string, unknown>).count).toBeUndefined();
    expect(byAttribute(await sdk.collect(), INSTRUMENT_NAMES.calls, 'outcome')).toEqual(
      Object.fromEntries([
        ['__proto__', 1],
        ['constructor', 1],
        ['toString', 1],
      ]),
    );
  });

  test('a view whose info() has no window leaves the rest of the collection intact', async () => {
    const odd = listener('odd');
    odd.attach({ info: () => ({ state: 'open' }) as never });
    odd.onCall?.({ outcome: 'success', duration: 1, state: 'open' });
    syncBreaker([listener('fine')]);

    const collected = await sdk.collect();
    expect(await stateOf('odd')).toEqual(only('open'));
    expect(byAttribute(collected, INSTRUMENT_NAMES.windowCalls, 'circuit_name')).toEqual({
      fine: 0,
    });
    expect(points(collected, INSTRUMENT_NAMES.callDuration)).toHaveLength(1);
  });

  test('one listener per circuit: a second breaker refuses an attached listener', () => {
    const shared = listener('shared');
    syncBreaker([shared]);
    expect(() => asyncBreaker([shared])).toThrow(TypeError);
  });
});
