// The queries of listener-prometheus's shipped Grafana dashboards, read when the test runs (the
// dashboards change on their own schedule; the queries are never copied here).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface DashboardQuery {
  /** `<file> / <panel title>`, or `<file> / variable <name>`. */
  readonly panel: string;
  readonly expr: string;
}

interface Panel {
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** The folder listener-prometheus publishes its dashboards in. */
export const GRAFANA_DIR = join(
  dirname(require.resolve('@fluxgate/listener-prometheus/package.json')),
  'grafana',
);

/** Every PromQL expression of every panel (rows included) and query variable of every dashboard. */
export function dashboardQueries(): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const file of readdirSync(GRAFANA_DIR).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(GRAFANA_DIR, file), 'utf8')) as {
      panels?: Panel[];
      templating?: { list?: { name: string; type?: string; query?: unknown }[] };
    };
    const visit = (panels: Panel[]) => {
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          if (typeof target.expr === 'string') {
            queries.push({ panel: `${file} / ${panel.title}`, expr: target.expr });
          }
        }
        visit(panel.panels ?? []);
      }
    };
    visit(dashboard.panels ?? []);
    for (const variable of dashboard.templating?.list ?? []) {
      if (variable.type !== undefined && variable.type !== 'query') continue;
      const query = variable.query as { query?: string } | string | undefined;
      const expr = typeof query === 'string' ? query : query?.query;
      if (typeof expr === 'string' && expr !== '') {
        queries.push({ panel: `${file} / variable ${variable.name}`, expr });
      }
    }
  }
  return queries;
}
