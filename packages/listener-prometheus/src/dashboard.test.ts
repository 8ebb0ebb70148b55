import { join } from 'node:path';
import {
  boom,
  COOLDOWN,
  dashboardQueries,
  metricNames,
  readDashboard,
  syncBreaker,
} from '@fluxgate/metrics-test-kit';
import { Registry } from 'prom-client';
import { METRIC_NAMES } from './metric-names';
import { PrometheusListener } from './prometheus-listener';

const GRAFANA_DIR = join(__dirname, '..', 'grafana');

/** Every sample name a listener exposes, found from a real registry after every kind of event. */
async function exportedNames(): Promise<Set<string>> {
  const registry = new Registry();
  const { breaker, clock } = syncBreaker([new PrometheusListener({ name: 'x', registry })], 2);
  breaker.call(() => 'ok');
  expect(() => breaker.call(boom)).toThrow('boom');
  expect(() => breaker.call(boom)).toThrow('boom');
  clock.advance(COOLDOWN);
  breaker.call(() => 'probe');
  expect(() => breaker.call(boom)).toThrow('boom');
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    expect(metric.values.length).toBeGreaterThan(0);
    if (String(metric.type) === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    } else {
      names.add(metric.name);
    }
  }
  return names;
}

describe('Grafana dashboard', () => {
  test('every metric its queries use is one the listener exports, and it uses them all', async () => {
    const exported = await exportedNames();
    const used = new Set(dashboardQueries(GRAFANA_DIR).flatMap((query) => metricNames(query.expr)));

    expect(exported).toEqual(
      new Set([
        METRIC_NAMES.state,
        METRIC_NAMES.transitions,
        METRIC_NAMES.calls,
        `${METRIC_NAMES.callDuration}_bucket`,
        `${METRIC_NAMES.callDuration}_sum`,
        `${METRIC_NAMES.callDuration}_count`,
        METRIC_NAMES.failureRate,
        METRIC_NAMES.windowCalls,
      ]),
    );
    for (const name of used) expect(exported).toContain(name);
    for (const name of exported) {
      if (!/_(sum|count)$/.test(name)) expect(used).toContain(name);
    }
  });

  test('has the panels the README promises, each with a query on the chosen data source', () => {
    // Grafana's variable syntax, not a template literal.
    const chosenDataSource = ['$', '{datasource}'].join('');
    const dashboard = readDashboard(join(GRAFANA_DIR, 'fluxgate-dashboard.json')) as ReturnType<
      typeof readDashboard
    > & {
      panels: { title: string; targets: { datasource: { uid: string } }[] }[];
    };
    expect(dashboard.panels.map((panel) => panel.title)).toEqual([
      'Open circuits',
      'Trip rate per circuit',
      'State timeline',
      'Call rate by outcome',
      'p95 call latency',
      'Failure rate vs threshold',
      'Calls in the current window',
      'Transitions',
    ]);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.datasource.uid).toBe(chosenDataSource);
    }
  });
});
