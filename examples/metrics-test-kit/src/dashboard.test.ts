import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardQueries, metricNames, runnable } from './dashboard';
import { poll } from './prometheus-server';

test('the metric-name parser finds selectors and skips functions, labels and keywords', () => {
  expect(
    metricNames(
      'histogram_quantile(0.95, sum by (le, job) (rate(a_bucket{x="b_total"}[5m]))) / on(job) group_left c or vector(1)',
    ).sort(),
  ).toEqual(['a_bucket', 'c']);
  expect(metricNames('label_values(circuit_breaker_state, circuit_name)')).toEqual([
    'circuit_breaker_state',
  ]);
});

test('runnable turns label_values into its selector and fills every variable', () => {
  expect(runnable('label_values(s{job=~"$job"}, instance)', { circuit: 'c' })).toBe('s{job=~".+"}');
  expect(
    // Grafana's braced variable syntax, not a template literal.
    runnable(`rate(x{circuit_name="$circuit",instance=~"${'$'}{instance}"}[$__rate_interval])`, {
      circuit: 'pay',
      instance: 'h:1',
    }),
  ).toBe('rate(x{circuit_name="pay",instance=~"h:1"}[1m])');
  expect(() => runnable('x{a="$unknown"}', { circuit: 'c' })).toThrow('$unknown');
});

test('dashboardQueries reads panels, nested rows and query variables of every dashboard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluxgate-dashboards-'));
  try {
    const dashboard = {
      panels: [
        { title: 'A', targets: [{ expr: 'a' }, {}] },
        { title: 'Row', panels: [{ title: 'B', targets: [{ expr: 'b' }] }] },
      ],
      templating: {
        list: [
          { name: 'datasource', type: 'datasource', query: 'prometheus' },
          { name: 'job', type: 'query', query: { query: 'label_values(s, job)' } },
          { name: 'plain', query: 'label_values(s, x)' },
        ],
      },
    };
    writeFileSync(join(dir, 'one.json'), JSON.stringify(dashboard));
    writeFileSync(join(dir, 'notes.txt'), 'not a dashboard');
    expect(dashboardQueries(dir)).toEqual([
      { file: 'one.json', panel: 'A', expr: 'a' },
      { file: 'one.json', panel: 'B', expr: 'b' },
      { file: 'one.json', panel: 'variable job', expr: 'label_values(s, job)' },
      { file: 'one.json', panel: 'variable plain', expr: 'label_values(s, x)' },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('poll retries until a value, and a fatal error ends the wait at once', async () => {
  let calls = 0;
  await expect(
    poll('three', async () => (++calls === 3 ? 'done' : undefined), { intervalMs: 1 }),
  ).resolves.toBe('done');
  const fatal = Object.assign(new Error('bad query'), { fatal: true });
  calls = 0;
  await expect(
    poll('never', async () => {
      calls++;
      throw fatal;
    }),
  ).rejects.toBe(fatal);
  expect(calls).toBe(1);
  await expect(
    poll('nothing', async () => undefined, { attempts: 2, intervalMs: 1 }),
  ).rejects.toThrow('gave up waiting for nothing after 2 attempts');
});
