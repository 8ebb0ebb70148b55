// Reads the shipped Grafana dashboard and finds the metric names its PromQL queries use, for the
// dashboard test and the end-to-end test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DashboardQuery {
  /** Title of the panel (or `variable <name>`) the query belongs to. */
  readonly panel: string;
  readonly expr: string;
}

interface Panel {
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

export const DASHBOARD_PATH = join(__dirname, '..', '..', 'grafana', 'fluxgate-dashboard.json');

export function loadDashboard(): {
  panels: Panel[];
  templating: { list: { name: string; query?: unknown }[] };
} {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8'));
}

/**
 * A dashboard query as Prometheus runs it: Grafana's `label_values(selector, label)` as the
 * selector, and the variables replaced (`$job` and `$instance` match every value unless given).
 */
export function runnable(
  expr: string,
  values: { circuit: string; job?: string; instance?: string },
): string {
  return expr
    .replace(/^label_values\(\s*([\w:]+(?:\{[^}]*\})?)\s*,\s*\w+\s*\)$/, '$1')
    .replaceAll('$circuit', values.circuit)
    .replaceAll('$job', values.job ?? '.+')
    .replaceAll('$instance', values.instance ?? '.+')
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__range', '5m');
}

/** Every PromQL expression of every panel (rows included) and query variable. */
export function dashboardQueries(): DashboardQuery[] {
  const dashboard = loadDashboard();
  const queries: DashboardQuery[] = [];
  const visit = (panels: Panel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (typeof target.expr === 'string')
          queries.push({ panel: panel.title, expr: target.expr });
      }
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels);
  for (const variable of dashboard.templating.list) {
    const query = variable.query as { query?: string } | string | undefined;
    const expr = typeof query === 'string' ? query : query?.query;
    if (typeof expr === 'string' && expr !== 'prometheus') {
      queries.push({ panel: `variable ${variable.name}`, expr });
    }
  }
  return queries;
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression (or a Grafana `label_values(metric, label)`) selects. */
export function metricNames(expr: string): string[] {
  const labelValues = /^label_values\(\s*([a-zA-Z_:][\w:]*)\s*(?:\{[^}]*\})?\s*,\s*\w+\s*\)$/.exec(
    expr.trim(),
  );
  if (labelValues) return [labelValues[1]!];
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.:$])[a-zA-Z_:][\w:]*(?!\s*\()/g)) {
    // A name right before "(" is a function; the lookahead above can stop mid-word, so check
    // the whole word is not followed by "(".
    const word = match[0];
    const after = stripped.slice((match.index ?? 0) + word.length);
    if (/^[\w:]/.test(after) || /^\s*\(/.test(after)) continue;
    if (!KEYWORDS.has(word.toLowerCase())) names.add(word);
  }
  return [...names];
}
