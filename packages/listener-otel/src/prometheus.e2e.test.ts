// End-to-end: a real Prometheus server scrapes @opentelemetry/exporter-prometheus (its default
// options: scope labels and target_info included) while an OtelListener follows a breaker
// through closed -> open -> half_open -> closed; then every query of listener-prometheus's
// shipped Grafana dashboards runs against what Prometheus stored.
import { dirname, join } from 'node:path';
import type { State } from '@fluxgate/core';
import {
  asyncBreaker,
  byLabel,
  byTransition,
  cycleThroughStates,
  dashboardQueries,
  describeWithPrometheus,
  type PrometheusServer,
  runnable,
  type Sample,
  seen as seenBy,
  startPrometheus,
  stateIs as stateIn,
} from '@fluxgate/metrics-test-kit';
import { OtelListener } from './otel-listener';
import { type ExporterServer, startExporterServer } from './test-support/exposition';

jest.setTimeout(90_000);

const CIRCUIT = 'e2e_otel_payments';

/** The folder listener-prometheus publishes its dashboards in. */
const GRAFANA_DIR = join(
  dirname(require.resolve('@fluxgate/listener-prometheus/package.json')),
  'grafana',
);

describeWithPrometheus('OtelListener against a real Prometheus', (binary) => {
  let exporter: ExporterServer | undefined;
  let prometheus: PrometheusServer | undefined;
  let breaker: ReturnType<typeof asyncBreaker>['breaker'];
  let clock: ReturnType<typeof asyncBreaker>['clock'];

  const seen = (what: string, expr: string, accept: (samples: Sample[]) => boolean) =>
    seenBy(prometheus!, what, expr, accept);
  const stateIs = (state: State) => stateIn(prometheus!, `{circuit_name="${CIRCUIT}"}`, state);

  beforeAll(async () => {
    exporter = await startExporterServer();
    const listener = new OtelListener({ name: CIRCUIT, meterProvider: exporter.provider });
    ({ breaker, clock } = asyncBreaker([listener], 2));
    prometheus = await startPrometheus(binary, exporter.target);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
  });

  test('Prometheus sees the state, the transitions and the calls', async () => {
    await seen('the target up', 'up{job="fluxgate"}', (s) => s.length === 1 && s[0]!.value === 1);
    await cycleThroughStates(breaker, clock, stateIs);

    const transitions = await seen(
      'three transitions',
      `circuit_breaker_state_transition_total{circuit_name="${CIRCUIT}"}`,
      (samples) => samples.length === 3,
    );
    expect(byTransition(transitions)).toEqual({
      'closed->open': 1,
      'open->half_open': 1,
      'half_open->closed': 1,
    });
    expect(transitions[0]!.metric.otel_scope_name).toBe('@fluxgate/listener-otel');

    const calls = await seen(
      'the last calls',
      `circuit_breaker_calls_total{circuit_name="${CIRCUIT}"}`,
      (samples) => byLabel(samples, 'outcome').success === 3,
    );
    expect(byLabel(calls, 'outcome')).toEqual({ success: 3, failure: 3, rejected: 1 });
    await seen(
      'the failure rate and window calls',
      `circuit_breaker_failure_rate{circuit_name="${CIRCUIT}"} == 0.5 and on (circuit_name) circuit_breaker_window_calls == 2`,
      (samples) => samples.length === 1,
    );
    expect(exporter!.scrapes()).toBeGreaterThanOrEqual(4);
  });

  test("every query of listener-prometheus's dashboards returns data", async () => {
    const queries = dashboardQueries(GRAFANA_DIR);
    expect(queries.length).toBeGreaterThanOrEqual(9);
    const results = new Map<string, Sample[]>();
    for (const { file, panel, expr } of queries) {
      const samples = await seen(
        `data for "${file} / ${panel}"`,
        runnable(expr, { circuit: CIRCUIT }),
        (s) => s.length > 0,
      );
      results.set(expr, samples);
    }
    const only = (metric: string) =>
      [...results].filter(([expr]) => expr.includes(metric)).map(([, samples]) => samples);
    for (const samples of only('circuit_breaker_failure_rate')) {
      expect(samples.map((s) => s.value)).toEqual([0.5]);
    }
    for (const samples of only('circuit_breaker_window_calls')) {
      expect(samples.map((s) => s.value)).toEqual([2]);
    }
    const circuits = queries
      .filter(({ expr }) => expr.startsWith('label_values('))
      .flatMap(({ expr }) => results.get(expr)!.map((s) => s.metric.circuit_name));
    expect(circuits).toContain(CIRCUIT);
  });
});
