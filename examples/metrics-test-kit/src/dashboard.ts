// Reads Grafana dashboards and the PromQL their panels and variables run, for the dashboard test
// and the end-to-end tests of both metrics listeners (the queries are read when a test runs,
// never copied).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DashboardQuery {
  /** The dashboard's file name. */
  readonly file: string;
  /** Title of the panel (or `variable <name>`) the query belongs to. */
  readonly panel: string;
  readonly expr: string;
}

interface Panel {
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** A dashboard's JSON: its panels and template variables. */
export interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type?: string; query?: unknown }[] };
}

export function readDashboard(path: string): Dashboard {
  return JSON.parse(readFileSync(path, 'utf8'));
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
    .replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
      if (name === '__rate_interval' || name === '__interval') return '1m';
      if (name === '__range') return '5m';
      if (name === 'circuit') return values.circuit;
      if (name === 'job') return values.job ?? '.+';
      if (name === 'instance') return values.instance ?? '.+';
      throw new Error(`no value for dashboard variable $${name} in ${expr}`);
    });
}

/**
 * Every PromQL expression of every panel (rows included) and query variable of every dashboard
 * (`*.json`) in `dir`.
 */
export function dashboardQueries(dir: string): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const dashboard = readDashboard(join(dir, file));
    const visit = (panels: Panel[]) => {
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          if (typeof target.expr === 'string') {
            queries.push({ file, panel: panel.title, expr: target.expr });
          }
        }
        visit(panel.panels ?? []);
      }
    };
    visit(dashboard.panels ?? []);
    for (const variable of dashboard.templating?.list ?? []) {
      // A datasource or custom variable holds no PromQL.
      if (variable.type !== undefined && variable.type !== 'query') continue;
      const query = variable.query as { query?: string } | string | undefined;
      const expr = typeof query === 'string' ? query : query?.query;
      if (typeof expr === 'string' && expr !== '') {
        queries.push({ file, panel: `variable ${variable.name}`, expr });
      }
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
