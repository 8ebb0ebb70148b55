import { boom, syncBreaker } from '@fluxgate/metrics-test-kit';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { INSTRUMENT_NAMES } from './instrument-names';
import { OtelListener } from './otel-listener';
import { type CollectingProvider, collectingProvider, points } from './test-support/sdk';

let sdk: CollectingProvider;
afterEach(() => sdk.shutdown());

/** A tenant circuit that went through calls and a trip, next to another circuit. */
function setup(temporality = AggregationTemporality.CUMULATIVE) {
  sdk = collectingProvider(temporality);
  const listener = new OtelListener({ name: 'tenant-1', meterProvider: sdk.provider });
  const tenant = syncBreaker([listener], 2);
  syncBreaker([new OtelListener({ name: 'other', meterProvider: sdk.provider })]);
  tenant.breaker.call(() => 'ok');
  expect(() => tenant.breaker.call(boom)).toThrow('boom');
  expect(() => tenant.breaker.call(boom)).toThrow('boom');
  const info = jest.spyOn(tenant.breaker, 'info');
  return { listener, info, ...tenant };
}

/** The collected data points of one circuit, per instrument name. */
async function circuit(name: string) {
  const collected = await sdk.collect();
  return Object.fromEntries(
    Object.values(INSTRUMENT_NAMES).map((instrument) => [
      instrument,
      points(collected, instrument)
        .filter(([attributes]) => attributes.circuit_name === name)
        .map(([attributes, value]) => [
          attributes.state ?? attributes.outcome ?? attributes.new_state ?? '',
          typeof value === 'object' ? (value as { count: number }).count : value,
        ]),
    ]),
  );
}

const zeroState = ['closed', 'open', 'half_open', 'metrics_only', 'disabled', 'forced_open'].map(
  (state) => [state, 0],
);

describe('OtelListener.close()', () => {
  test('stops reading the breaker and recording its calls; the other circuit goes on', async () => {
    const { listener, breaker, clock, info } = setup();
    const before = await circuit('tenant-1');
    expect(info).toHaveBeenCalled();

    listener.close();
    info.mockClear();
    clock.advance(1000);
    breaker.call(() => 'probe');
    breaker.forceOpen();
    await sdk.collect();
    await sdk.collect();

    expect(info).not.toHaveBeenCalled();
    const after = await circuit('tenant-1');
    expect(after[INSTRUMENT_NAMES.calls]).toEqual(before[INSTRUMENT_NAMES.calls]);
    expect(after[INSTRUMENT_NAMES.callDuration]).toEqual(before[INSTRUMENT_NAMES.callDuration]);
    expect(after[INSTRUMENT_NAMES.transitions]).toEqual(before[INSTRUMENT_NAMES.transitions]);
    const other = await circuit('other');
    expect(other[INSTRUMENT_NAMES.windowCalls]).toEqual([['', 0]]);
  });

  test('cumulative: the state reads 0 for every state, the window gauges are emptied', async () => {
    const { listener } = setup();
    const before = await circuit('tenant-1');
    expect(before[INSTRUMENT_NAMES.state]).toContainEqual(['open', 1]);
    expect(before[INSTRUMENT_NAMES.calls]).toEqual([
      ['success', 1],
      ['failure', 2],
    ]);

    listener.close();
    const after = await circuit('tenant-1');

    expect(after[INSTRUMENT_NAMES.state]).toEqual(zeroState);
    expect(after[INSTRUMENT_NAMES.windowCalls]).toEqual([['', 0]]);
    expect(after[INSTRUMENT_NAMES.failureRate]).toEqual([['', Number.NaN]]);
    // The API cannot delete a series: this SDK keeps the counters and the histogram.
    expect(after[INSTRUMENT_NAMES.calls]).toEqual(before[INSTRUMENT_NAMES.calls]);
    expect(after[INSTRUMENT_NAMES.callDuration]).toEqual(before[INSTRUMENT_NAMES.callDuration]);
    // Later collections show the same: nothing observes the circuit any more.
    expect(await circuit('tenant-1')).toEqual(after);
  });

  test('delta: the circuit has no data points after the zeroing collection', async () => {
    const { listener } = setup(AggregationTemporality.DELTA);
    await sdk.collect();
    listener.close();
    expect((await circuit('tenant-1'))[INSTRUMENT_NAMES.state]).toEqual(zeroState);
    const later = await circuit('tenant-1');
    expect(Object.values(later).every((series) => series.length === 0)).toBe(true);
  });

  test('breaker.close() closes it; closing twice, or before any collection, is harmless', async () => {
    const { listener, breaker, info } = setup();
    await breaker.close();
    listener.close();
    info.mockClear();
    expect((await circuit('tenant-1'))[INSTRUMENT_NAMES.state]).toEqual([]);
    expect(info).not.toHaveBeenCalled();

    const unused = new OtelListener({ name: 'unused', meterProvider: sdk.provider });
    unused.close();
    unused.close();
    expect((await circuit('unused'))[INSTRUMENT_NAMES.state]).toEqual([]);
  });

  test('does not zero the series of a newer listener with the same name', async () => {
    sdk = collectingProvider();
    const old = new OtelListener({ name: 'per-test', meterProvider: sdk.provider });
    syncBreaker([old]).breaker.forceOpen();
    await sdk.collect();
    const newer = new OtelListener({ name: 'per-test', meterProvider: sdk.provider });
    syncBreaker([newer]).breaker.forceOpen();

    old.close();
    expect((await circuit('per-test'))[INSTRUMENT_NAMES.state]).toContainEqual(['forced_open', 1]);
    newer.close();
    expect((await circuit('per-test'))[INSTRUMENT_NAMES.state]).toEqual(zeroState);
  });
});
