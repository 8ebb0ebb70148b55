// End-to-end: a real Prometheus server scrapes @opentelemetry/exporter-prometheus (its default
// options: scope labels and target_info included) while an OtelListener follows a breaker
// through closed -> open -> half_open -> closed; then every query of listener-prometheus's
// shipped Grafana dashboards runs against what Prometheus stored.
import { CallNotPermittedError } from '@fluxgate/core';
import { OtelListener } from './otel-listener';
import { asyncBreaker, COOLDOWN } from './test-support/breakers';
import { dashboardQueries } from './test-support/dashboard';
import { type ExporterServer, startExporterServer } from './test-support/exposition';
import {
  findPrometheus,
  type PrometheusServer,
  poll,
  type Sample,
  startPrometheus,
} from './test-support/prometheus-server';

jest.setTimeout(90_000);

const found = findPrometheus();
const BINARY = found.binary;
const SKIP_REASON = found.binary === undefined ? found.reason : '';
if (BINARY === undefined) {
  console.warn(`SKIPPED: the OpenTelemetry real-Prometheus test did not run: ${SKIP_REASON}`);
}
// Chosen at load time, so jest reports the tests as skipped (never as passed).
const describeWithPrometheus = BINARY === undefined ? describe.skip : describe;

const CIRCUIT = 'e2e_otel_payments';

/** A dashboard query as Grafana would send it for one circuit over the last minutes. */
function promql(expr: string): string {
  return expr
    .replace(/^label_values\(\s*([\w:]+(?:\{[^}]*\})?)\s*,\s*\w+\s*\)$/, '$1')
    .replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
      if (name === '__rate_interval' || name === '__interval') return '1m';
      if (name === '__range') return '5m';
      return name === 'circuit' ? CIRCUIT : '.*';
    });
}

describeWithPrometheus(
  `OtelListener against a real Prometheus${BINARY === undefined ? ` (SKIPPED: ${SKIP_REASON})` : ''}`,
  () => {
    let exporter: ExporterServer | undefined;
    let prometheus: PrometheusServer | undefined;
    let breaker: ReturnType<typeof asyncBreaker>['breaker'];
    let clock: ReturnType<typeof asyncBreaker>['clock'];

    const seen = (what: string, expr: string, accept: (samples: Sample[]) => boolean) =>
      poll(`Prometheus to see ${what}`, async () => {
        const samples = await prometheus!.query(expr);
        return accept(samples) ? samples : undefined;
      }).catch((error: Error) => {
        throw new Error(`${error.message}\nPrometheus log:\n${prometheus!.log()}`);
      });

    const stateIs = (state: string) =>
      seen(`state ${state}`, `circuit_breaker_state{circuit_name="${CIRCUIT}"}`, (samples) => {
        const current = samples.filter((sample) => sample.value === 1);
        return samples.length === 6 && current.length === 1 && current[0]!.metric.state === state;
      });

    const byLabel = (samples: Sample[], label: string) =>
      Object.fromEntries(samples.map((sample) => [sample.metric[label], sample.value]));

    const work = (ms: number) => async () => {
      clock.advance(ms);
      return 'ok';
    };
    const failing = (ms: number) => async () => {
      clock.advance(ms);
      throw new Error('dependency down');
    };

    beforeAll(async () => {
      exporter = await startExporterServer();
      const listener = new OtelListener({ name: CIRCUIT, meterProvider: exporter.provider });
      ({ breaker, clock } = asyncBreaker([listener], 2));
      prometheus = await startPrometheus(BINARY!, exporter.target);
    });

    afterAll(async () => {
      await prometheus?.stop();
      await exporter?.close();
    });

    test('Prometheus sees the state, the transitions and the calls', async () => {
      await seen('the target up', 'up{job="fluxgate"}', (s) => s.length === 1 && s[0]!.value === 1);
      await stateIs('closed');

      await breaker.call(work(30));
      await expect(breaker.call(failing(40))).rejects.toThrow('dependency down');
      await expect(breaker.call(failing(40))).rejects.toThrow('dependency down');
      await expect(breaker.call(work(1))).rejects.toThrow(CallNotPermittedError);
      await stateIs('open');

      clock.advance(COOLDOWN);
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const probe = breaker.call(async () => {
        await gate;
        clock.advance(20);
        return 'probe';
      });
      await stateIs('half_open');
      release();
      await expect(probe).resolves.toBe('probe');
      await breaker.call(work(30));
      await expect(breaker.call(failing(40))).rejects.toThrow('dependency down');
      await stateIs('closed');

      const transitions = await seen(
        'three transitions',
        `circuit_breaker_state_transition_total{circuit_name="${CIRCUIT}"}`,
        (samples) => samples.length === 3,
      );
      expect(
        Object.fromEntries(
          transitions.map((s) => [`${s.metric.old_state}->${s.metric.new_state}`, s.value]),
        ),
      ).toEqual({ 'closed->open': 1, 'open->half_open': 1, 'half_open->closed': 1 });
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
      const queries = dashboardQueries();
      expect(queries.length).toBeGreaterThanOrEqual(9);
      const results = new Map<string, Sample[]>();
      for (const { panel, expr } of queries) {
        const samples = await seen(`data for "${panel}"`, promql(expr), (s) => s.length > 0);
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
  },
);
