// Turns results into the console table and the Markdown of docs/performance.md.

const num = (value, decimals) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      })
    : String(value);

/** Verdict of one check. */
export function verdict(check) {
  return check.pass ? 'PASS' : 'MISS';
}

/** The columns of a scenario's table: header and cells per row. */
function columns(result) {
  if (result.unit === 'bytes') {
    return {
      header: ['library', 'bytes/breaker', 'heap', 'external', 'timers: build', 'timers: calls'],
      cells: result.rows.map((r) => [
        r.name,
        num(r.bytesPerBreaker, 0),
        num(r.heapBytesPerBreaker, 0),
        num(r.externalBytesPerBreaker, 0),
        num(r.timersAtConstruction, 2),
        num(r.timersDuringCalls, 2),
      ]),
    };
  }
  return {
    header: ['contender', 'ns/op', 'x bare', ''],
    cells: result.rows.map((r) => [
      r.name,
      num(r.nsPerOp, 1),
      num(r.ratio, 2),
      r.role === 'contender' ? '' : r.role,
    ]),
  };
}

/** One scenario as aligned plain text for the console. */
export function formatScenario(result) {
  if (result.skipped !== undefined) return `${result.title}\n  SKIPPED: ${result.skipped}`;
  const { header, cells } = columns(result);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (cols) =>
    `  ${cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ')}`;
  return [
    `${result.title}   (${num(result.durationMs / 1000, 1)} s, load ${num(result.loadAverage, 2)})`,
    line(header),
    ...cells.map(line),
    ...result.checks.map((c) => `  ${verdict(c)}  ${c.target}: ${c.measured}`),
  ].join('\n');
}

/** One scenario as a Markdown table (padded as biome formats it) followed by its targets. */
export function markdownScenario(result) {
  if (result.skipped !== undefined) return `### ${result.title}\n\nSkipped: ${result.skipped}`;
  const { header, cells } = columns(result);
  const titles = header.map((h) => h || 'role');
  const left = titles.map((h, i) => i === 0 || h === 'role');
  const widths = titles.map((h, i) => Math.max(3, h.length, ...cells.map((c) => c[i].length)));
  const pad = (text, i) => (left[i] ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  const row = (cols) => `| ${cols.map(pad).join(' | ')} |`;
  const rule = widths.map((w, i) => (left[i] ? `:${'-'.repeat(w - 1)}` : `${'-'.repeat(w - 1)}:`));
  return [
    `### ${result.title}`,
    '',
    row(titles),
    `| ${rule.join(' | ')} |`,
    ...cells.map(row),
    '',
    ...result.checks.map((c) => `- **${verdict(c)}** ${c.target}: ${c.measured}`),
  ].join('\n');
}

/** The machine and run as one line. */
export function describeRun(results) {
  const m = results.machine;
  return (
    `Node ${m.node} (V8 ${m.v8}), ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; ` +
    `mode ${results.mode}, ${results.startedAt}, load average ${m.loadAverage} at start`
  );
}

/** Every check of the run, counted. */
export function tally(results) {
  const checks = results.scenarios.flatMap((s) => s.checks);
  const passed = checks.filter((c) => c.pass).length;
  return { passed, missed: checks.length - passed };
}

/** The whole run as Markdown (the generated part of docs/performance.md). */
export function markdownRun(results) {
  const { passed, missed } = tally(results);
  return [
    `Measured on ${describeRun(results)}. Targets: ${passed} PASS, ${missed} MISS.`,
    '',
    ...results.scenarios.flatMap((s) => [markdownScenario(s), '']),
  ]
    .join('\n')
    .trimEnd();
}
