// End-to-end: a real Prometheus server scrapes two instances of a service (two registries, each
// with a PrometheusListener for the same circuit) while one instance's breaker goes closed ->
// open -> half_open -> closed; the test reads the results back through Prometheus's HTTP API,
// runs every query of the shipped Grafana dashboard, and checks that its per-circuit panels
// aggregate the two instances right.
import { join } from 'node:path';
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
import { Registry } from 'prom-client';
import { PrometheusListener } from './prometheus-listener';
import { type MetricsServer, startMetricsServer } from './test-support/metrics-server';

jest.setTimeout(60_000);

const CIRCUIT = 'e2e_payments';
const GRAFANA_DIR = join(__dirname, '..', 'grafana');

describeWithPrometheus('PrometheusListener against a real Prometheus', (binary) => {
  const registry = new Registry();
  const listener = new PrometheusListener({ name: CIRCUIT, registry });
  // Two failures in a row trip it, so a single failure later leaves a 50% failure rate.
  const { breaker, clock } = asyncBreaker([listener], 2);
  // The same circuit on a second instance of the service (a replica with its own registry).
  const replicaRegistry = new Registry();
  const replica = asyncBreaker([
    new PrometheusListener({ name: CIRCUIT, registry: replicaRegistry }),
  ]);
  let metrics: MetricsServer | undefined;
  let replicaMetrics: MetricsServer | undefined;
  let prometheus: PrometheusServer | undefined;

  const seen = (what: string, expr: string, accept: (samples: Sample[]) => boolean) =>
    seenBy(prometheus!, what, expr, accept);
  const stateIs = (state: State, target = metrics!.target) =>
    stateIn(prometheus!, `{circuit_name="${CIRCUIT}", instance="${target}"}`, state);

  /** Runs the query of dashboard panel `panel` and returns its values. */
  const panel = async (title: string) => {
    const query = dashboardQueries(GRAFANA_DIR).find((q) => q.panel === title);
    if (query === undefined) throw new Error(`no panel ${title}`);
    const samples = await prometheus!.query(runnable(query.expr, { circuit: CIRCUIT }));
    return samples.map((sample) => sample.value);
  };

  beforeAll(async () => {
    metrics = await startMetricsServer(registry);
    replicaMetrics = await startMetricsServer(replicaRegistry);
    prometheus = await startPrometheus(binary, [metrics.target, replicaMetrics.target]);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await metrics?.close();
    await replicaMetrics?.close();
  });

  test('Prometheus sees closed -> open -> half_open -> closed, the transitions and the calls', async () => {
    await seen(
      'both targets up',
      'up{job="fluxgate"}',
      (s) => s.length === 2 && s.every((sample) => sample.value === 1),
    );
    // The state is published when the breaker was constructed, before any transition.
    await cycleThroughStates(breaker, clock, (state) => stateIs(state));

    const transitions = await seen(
      'three transitions',
      `circuit_breaker_state_transition_total{circuit_name="${CIRCUIT}", instance="${metrics!.target}"}`,
      (samples) => samples.length === 3,
    );
    expect(byTransition(transitions)).toEqual({
      'closed->open': 1,
      'open->half_open': 1,
      'half_open->closed': 1,
    });

    const calls = await seen(
      'the last calls',
      `circuit_breaker_calls_total{circuit_name="${CIRCUIT}", instance="${metrics!.target}"}`,
      (samples) => byLabel(samples, 'outcome').success === 3,
    );
    expect(byLabel(calls, 'outcome')).toEqual({ success: 3, failure: 3, rejected: 1 });

    const failureRate = await seen(
      'the failure rate',
      `circuit_breaker_failure_rate{circuit_name="${CIRCUIT}", instance="${metrics!.target}"}`,
      (samples) => samples.length === 1,
    );
    expect(failureRate[0]!.value).toBe(0.5);
    const windowCalls = await seen(
      'the window calls',
      `circuit_breaker_window_calls{circuit_name="${CIRCUIT}", instance="${metrics!.target}"}`,
      (samples) => samples.length === 1 && samples[0]!.value === 2,
    );
    expect(windowCalls[0]!.value).toBe(2);
    expect(metrics!.scrapes()).toBeGreaterThanOrEqual(4);
  });

  test('every query of the Grafana dashboard returns data', async () => {
    const queries = dashboardQueries(GRAFANA_DIR);
    expect(queries.length).toBeGreaterThanOrEqual(9);
    const results: Record<string, Sample[]> = {};
    for (const { panel, expr } of queries) {
      const promql = runnable(expr, { circuit: CIRCUIT });
      results[panel] = await seen(`data for "${panel}"`, promql, (samples) => samples.length > 0);
    }

    expect(results['Open circuits']!.map((s) => s.value)).toEqual([0]);
    expect(results['State timeline']!.map((s) => s.value)).toEqual([0]); // closed
    expect(results['Failure rate vs threshold']!.map((s) => s.value)).toEqual([0.5]);
    expect(results['variable circuit']!.map((s) => s.metric.circuit_name)).toContain(CIRCUIT);
    expect(new Set(results['variable instance']!.map((s) => s.metric.instance))).toEqual(
      new Set([metrics!.target, replicaMetrics!.target]),
    );
    expect(new Set(results['variable job']!.map((s) => s.metric.job))).toEqual(
      new Set(['fluxgate']),
    );
    expect(byLabel(results.Transitions!, 'new_state')).toEqual({
      open: 1,
      half_open: 1,
      closed: 1,
    });
  });

  test('the dashboard counts a circuit once and shows its most severe state across replicas', async () => {
    // One replica open, the other closed: one open circuit, shown as open (not half_open).
    await expect(breaker.call(async () => Promise.reject(new Error('down')))).rejects.toThrow();
    await expect(breaker.call(async () => Promise.reject(new Error('down')))).rejects.toThrow();
    await stateIs('open');
    await stateIs('closed', replicaMetrics!.target);
    expect(await panel('Open circuits')).toEqual([1]);
    expect(await panel('State timeline')).toEqual([4]); // open

    // Both forced open: still one circuit, forced_open (not a sum of state codes).
    await breaker.forceOpen();
    await replica.breaker.forceOpen();
    await stateIs('forced_open');
    await stateIs('forced_open', replicaMetrics!.target);
    expect(await panel('Open circuits')).toEqual([1]);
    expect(await panel('State timeline')).toEqual([5]); // forced_open

    // The instance variable narrows every panel to one replica.
    const dashboard = dashboardQueries(GRAFANA_DIR).find((q) => q.panel === 'State timeline')!;
    await replica.breaker.reset();
    await stateIs('closed', replicaMetrics!.target);
    const onlyReplica = await prometheus!.query(
      runnable(dashboard.expr, { circuit: CIRCUIT, instance: replicaMetrics!.target }),
    );
    expect(onlyReplica.map((sample) => sample.value)).toEqual([0]); // closed
  });
});
