import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallNotPermittedError, CallTimeoutError, Custom, type Signal } from '@fluxgate/core';
import { asyncBreaker, boom, COOLDOWN, syncBreaker, taking } from '@fluxgate/metrics-test-kit';
import { metrics } from '@opentelemetry/api';
import { recordedSeconds } from './duration-accumulator';
import { INSTRUMENT_NAMES } from './instrument-names';
import { METER_NAME, OtelListener } from './otel-listener';
import {
  byAttribute,
  type CollectingProvider,
  collectingProvider,
  only,
  points,
  statesOf,
} from './test-support/sdk';

/** Counts only errors that are not SyntaxErrors, so a SyntaxError is an ignored call. */
const tracker = new Custom((error) => !(error instanceof SyntaxError));

let sdk: CollectingProvider;
beforeEach(() => {
  sdk = collectingProvider();
});
afterEach(() => sdk.shutdown());

const listener = (name: string, extra: { calls?: boolean; buckets?: number[] } = {}) =>
  new OtelListener({ name, meterProvider: sdk.provider, ...extra });

const stateOf = async (circuit: string) => statesOf(await sdk.collect(), circuit);

describe('OtelListener state and transitions', () => {
  test('the state gauge reads the breaker at every collection, from construction on', async () => {
    const { breaker, clock } = syncBreaker([listener('payments')]);
    expect(await stateOf('payments')).toEqual(only('closed'));

    expect(() => breaker.call(boom)).toThrow('boom');
    expect(await stateOf('payments')).toEqual(only('open'));
    clock.advance(COOLDOWN);
    breaker.call(() => 'probe');
    expect(await stateOf('payments')).toEqual(only('closed'));
    breaker.forceOpen();
    expect(await stateOf('payments')).toEqual(only('forced_open'));
  });

  test('transitions are counted by old and new state, with the async breaker too', async () => {
    const { breaker, clock } = asyncBreaker([listener('search')]);
    await expect(breaker.call(async () => boom())).rejects.toThrow('boom');
    clock.advance(COOLDOWN);
    await breaker.call(async () => 'probe');
    await breaker.reset();
    await breaker.reset();

    const transitions = points(await sdk.collect(), INSTRUMENT_NAMES.transitions);
    expect(transitions).toEqual([
      [{ circuit_name: 'search', old_state: 'closed', new_state: 'open' }, 1],
      [{ circuit_name: 'search', old_state: 'open', new_state: 'half_open' }, 1],
      [{ circuit_name: 'search', old_state: 'half_open', new_state: 'closed' }, 1],
      [{ circuit_name: 'search', old_state: 'closed', new_state: 'closed' }, 2],
    ]);
  });

  test('a transition adopted from the fleet is not counted; the state gauge follows it', async () => {
    const fleet = listener('fleet');
    const { breaker } = syncBreaker([fleet]);
    breaker.forceOpen();
    const adopted: Signal = {
      oldState: 'closed',
      newState: 'forced_open',
      timestamp: Date.now(),
      metrics: breaker.info().metrics,
      reopens: 0,
      consecutiveFailures: 0,
      origin: 'fleet',
    };
    fleet.notify(adopted);
    fleet.notify(adopted);

    const collected = await sdk.collect();
    expect(points(collected, INSTRUMENT_NAMES.transitions)).toEqual([
      [{ circuit_name: 'fleet', old_state: 'closed', new_state: 'forced_open' }, 1],
    ]);
    expect(await stateOf('fleet')).toEqual(only('forced_open'));
  });

  test('without meterProvider the meter comes from the global API, named and versioned', async () => {
    const version = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
    expect(metrics.setGlobalMeterProvider(sdk.provider)).toBe(true);
    try {
      syncBreaker([new OtelListener({ name: 'global' })]);
      expect(await stateOf('global')).toEqual(only('closed'));
      expect(await sdk.scopes()).toEqual([{ name: METER_NAME, version, schemaUrl: undefined }]);
    } finally {
      metrics.disable();
    }
  });
});

describe('OtelListener call metrics', () => {
  test('sync breaker: exact calls counter and duration histogram in seconds', async () => {
    const s = (ms: number) => recordedSeconds(ms, [0.1, 1]);
    const { breaker, clock } = syncBreaker([listener('payments', { buckets: [0.1, 1] })], 1, {
      tracker,
    });
    breaker.call(taking(clock, 50));
    breaker.call(taking(clock, 250));
    expect(() =>
      breaker.call(
        taking(clock, 10, () => {
          throw new SyntaxError('not counted');
        }),
      ),
    ).toThrow(SyntaxError);
    expect(() => breaker.call(taking(clock, 2000, boom))).toThrow('boom');
    expect(() => breaker.call(() => 'never runs')).toThrow(CallNotPermittedError);

    const collected = await sdk.collect();
    expect(byAttribute(collected, INSTRUMENT_NAMES.calls, 'outcome')).toEqual({
      success: 2,
      failure: 1,
      ignored: 1,
      rejected: 1,
    });
    const histogram = collected.find((m) => m.descriptor.name === INSTRUMENT_NAMES.callDuration)!;
    expect(histogram.descriptor.unit).toBe('s');
    expect(
      histogram.dataPoints.map((p) => {
        const { buckets, count, sum, min, max } = p.value as {
          buckets: { boundaries: number[]; counts: number[] };
          count: number;
          sum: number;
          min: number;
          max: number;
        };
        return [p.attributes.outcome, buckets.boundaries, buckets.counts, count, sum, min, max];
      }),
    ).toEqual(
      expect.arrayContaining([
        ['success', [0.1, 1], [1, 1, 0], 2, s(50) + s(250), s(50), s(250)],
        ['ignored', [0.1, 1], [1, 0, 0], 1, s(10), s(10), s(10)],
        ['failure', [0.1, 1], [0, 0, 1], 1, 2, 2, 2],
      ]),
    );
    expect(histogram.dataPoints).toHaveLength(3);
    // Durations are recorded in whole ticks of 2^-24 s, within 30 ns of the breaker's figure.
    expect(Math.abs(s(50) - 0.05)).toBeLessThan(3e-8);
  });

  test('async breaker: a timed-out call is counted and timed as a timeout', async () => {
    const { breaker, clock } = asyncBreaker([listener('slow', { buckets: [0.1, 1] })], 5, {
      timeout: 100,
    });
    jest.useFakeTimers();
    try {
      const call = breaker.call(() => new Promise<never>(() => {}));
      clock.advance(100);
      jest.advanceTimersByTime(100);
      await expect(call).rejects.toThrow(CallTimeoutError);
      await breaker.call(async () => 'ok');
    } finally {
      // The SDK's collection runs on real timers.
      jest.useRealTimers();
    }

    const collected = await sdk.collect();
    expect(byAttribute(collected, INSTRUMENT_NAMES.calls, 'outcome')).toEqual({
      success: 1,
      timeout: 1,
    });
    const timeout = points(collected, INSTRUMENT_NAMES.callDuration).find(
      ([a]) => a.outcome === 'timeout',
    )!;
    // 100 ms is the bucket's upper bound: the recorded tick stays at or below it.
    const sum = recordedSeconds(100, [0.1, 1]);
    expect(sum).toBeLessThanOrEqual(0.1);
    expect(timeout[1]).toMatchObject({ count: 1, sum, buckets: { counts: [1, 0, 0] } });
  });

  test('failure rate and window calls are read at collection; the rate is NaN while empty', async () => {
    const { breaker } = syncBreaker([listener('payments')], 5);
    const gauges = async () => {
      const collected = await sdk.collect();
      return [
        points(collected, INSTRUMENT_NAMES.failureRate),
        points(collected, INSTRUMENT_NAMES.windowCalls),
      ];
    };
    const circuit = { circuit_name: 'payments' };
    expect(await gauges()).toEqual([[[circuit, Number.NaN]], [[circuit, 0]]]);

    breaker.call(() => 'ok');
    expect(() => breaker.call(boom)).toThrow('boom');
    breaker.call(() => 'ok');
    breaker.call(() => 'ok');
    expect(await gauges()).toEqual([[[circuit, 0.25]], [[circuit, 4]]]);

    breaker.reset();
    expect(await gauges()).toEqual([[[circuit, Number.NaN]], [[circuit, 0]]]);
  });

  test('a breaker view that throws leaves only its gauges out of the collection', async () => {
    const broken = listener('broken');
    broken.attach({
      info: () => {
        throw new Error('view failed');
      },
    });
    broken.onCall?.({ outcome: 'success', duration: 5, state: 'closed' });
    syncBreaker([listener('fine')]);

    const collected = await sdk.collect();
    const circuits = (name: string) =>
      points(collected, name).map(([attributes]) => attributes.circuit_name);
    expect(circuits(INSTRUMENT_NAMES.windowCalls)).toEqual(['fine']);
    expect(new Set(circuits(INSTRUMENT_NAMES.state))).toEqual(new Set(['fine']));
    expect(circuits(INSTRUMENT_NAMES.calls)).toEqual(['broken']);
  });

  test('calls: false publishes no call metrics and takes no call events', async () => {
    const quiet = listener('quiet', { calls: false });
    const { breaker } = syncBreaker([quiet], 5);

    expect(quiet.onCall).toBeUndefined();
    breaker.call(() => 'ok');
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().metrics.avgDuration).toBeNull();
    breaker.forceOpen();
    const names = (await sdk.collect()).map((metric) => metric.descriptor.name);
    expect(names).toEqual([INSTRUMENT_NAMES.state, INSTRUMENT_NAMES.transitions]);
  });

  test('an outcome a newer core might add is counted under its own name', async () => {
    const future = listener('future');
    syncBreaker([future]);
    const event = { outcome: 'shed', duration: null, state: 'closed' } as never;
    future.onCall?.(event);
    future.onCall?.(event);
    expect(byAttribute(await sdk.collect(), INSTRUMENT_NAMES.calls, 'outcome')).toEqual({
      shed: 2,
    });
  });
});
