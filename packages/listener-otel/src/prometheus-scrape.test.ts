// The point of the package: scraped through @opentelemetry/exporter-prometheus, OtelListener's
// series have the names, labels and values of PrometheusListener's, so the same dashboard and
// alerts work with either. Both listeners see the same call sequence, each through its own breaker.
import { Custom } from '@fluxgate/core';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { boom, COOLDOWN, syncBreaker, taking } from '@fluxgate/metrics-test-kit';
import { Registry } from 'prom-client';
import { OtelListener } from './otel-listener';
import {
  type ExporterServer,
  parseExposition,
  startExporterServer,
} from './test-support/exposition';

const tracker = new Custom((error) => !(error instanceof SyntaxError));

/** closed -> open -> half_open -> closed with every outcome, plus a second, quiet circuit. */
function drive(payments: never, quiet: never) {
  const { breaker, clock } = syncBreaker([payments], 2, { tracker });
  breaker.call(taking(clock, 50.5));
  breaker.call(taking(clock, 250));
  expect(() =>
    breaker.call(
      taking(clock, 10, () => {
        throw new SyntaxError('ignored');
      }),
    ),
  ).toThrow(SyntaxError);
  expect(() => breaker.call(taking(clock, 2000, boom))).toThrow('boom');
  expect(() => breaker.call(taking(clock, 40, boom))).toThrow('boom');
  expect(() => breaker.call(() => 'rejected')).toThrow();
  clock.advance(COOLDOWN);
  breaker.call(taking(clock, 7.25));
  breaker.call(taking(clock, 0.3));
  expect(() => breaker.call(taking(clock, 600, boom))).toThrow('boom');
  const other = syncBreaker([quiet]).breaker;
  other.forceOpen();
  return { breaker, other };
}

/**
 * Equal series, values included. Sums of durations may differ by the rounding of each duration
 * to whole ticks of 2^-24 s (at most half a tick per call); everything else is equal.
 */
function expectSameValues(actual: Map<string, number>, expected: Map<string, number>) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, value] of expected) {
    if (/_seconds_sum\{/.test(key)) {
      const count = expected.get(key.replace('_sum{', '_count{'))!;
      expect([key, Math.abs(actual.get(key)! - value) <= count * 2 ** -25]).toEqual([key, true]);
    } else {
      expect([key, actual.get(key)]).toEqual([key, value]);
    }
  }
}

let otel: ExporterServer | undefined;
afterEach(async () => {
  await otel?.close();
  otel = undefined;
});

async function both(exporterConfig = { withoutScopeInfo: true, withoutTargetInfo: true }) {
  const registry = new Registry();
  const prom = drive(
    new PrometheusListener({ name: 'payments', registry }) as never,
    new PrometheusListener({ name: 'quiet', registry, calls: false }) as never,
  );
  otel = await startExporterServer(exporterConfig);
  const meterProvider = otel.provider;
  const o = drive(
    new OtelListener({ name: 'payments', meterProvider }) as never,
    new OtelListener({ name: 'quiet', meterProvider, calls: false }) as never,
  );
  const server = otel;
  return {
    prom: { ...prom, scrape: () => registry.metrics() },
    otel: { ...o, scrape: () => server.scrape() },
  };
}

describe("scraped through exporter-prometheus, the series are listener-prometheus's", () => {
  test('same series names, label sets and values; same HELP and TYPE', async () => {
    const { prom, otel } = await both();
    const expected = parseExposition(await prom.scrape());
    const actual = parseExposition(await otel.scrape());

    expect([...actual.series.keys()].sort()).toEqual([...expected.series.keys()].sort());
    expectSameValues(actual.series, expected.series);
    expect(actual.type).toEqual(expected.type);
    expect(actual.help).toEqual(expected.help);
    // Metadata prom-client does not write; Prometheus reads the unit from the name.
    expect(actual.unit).toEqual(
      new Map([
        ['circuit_breaker_state_transition_total', '{transition}'],
        ['circuit_breaker_calls_total', '{call}'],
        ['circuit_breaker_call_duration_seconds', 's'],
        ['circuit_breaker_window_calls', '{call}'],
      ]),
    );
    // The sequence reached every kind of series, so the comparison covers them all.
    expect(expected.series.get('circuit_breaker_failure_rate{circuit_name="payments"}')).toBe(0.5);
    expect(
      expected.series.get(
        'circuit_breaker_call_duration_seconds_bucket{circuit_name="payments",le="+Inf",outcome="failure"}',
      ),
    ).toBe(3);
  });

  test("with the exporter's defaults the only additions are target_info and otel_scope_* labels", async () => {
    const { prom, otel } = await both({ withoutScopeInfo: false, withoutTargetInfo: false });
    const text = await otel.scrape();
    expect(text).toContain('otel_scope_name="@fluxgate/listener-otel"');
    expect(text).toMatch(/otel_scope_version="\d+\.\d+\.\d+"/);
    const actual = parseExposition(text, ['otel_scope_name', 'otel_scope_version']);
    const expected = parseExposition(await prom.scrape());

    const targetInfo = [...actual.series.keys()].filter((key) => key.startsWith('target_info{'));
    expect(targetInfo).toHaveLength(1);
    actual.series.delete(targetInfo[0]!);
    expectSameValues(actual.series, expected.series);
  });

  test('the one difference: an empty window has a NaN failure rate instead of no sample', async () => {
    const { prom, otel } = await both();
    prom.breaker.reset();
    otel.breaker.reset();
    const expected = parseExposition(await prom.scrape());
    const actual = parseExposition(await otel.scrape());

    const key = 'circuit_breaker_failure_rate{circuit_name="payments"}';
    expect(expected.series.has(key)).toBe(false);
    expect(actual.series.get(key)).toBeNaN();
    actual.series.delete(key);
    expectSameValues(actual.series, expected.series);
  });
});
