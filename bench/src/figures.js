// Ratios and target checks computed from the harness's per-round figures.
import { median } from './harness.js';

/**
 * The median over rounds of `a`'s time divided by `b`'s time in the same round. Both ran in
 * the same round, close together, so this ratio shrugs off machine drift between rounds
 * better than a ratio of two medians.
 */
export function roundRatio(a, b) {
  const ratios = a.samples.map((ns, k) => ns / b.samples[k]);
  return median(ratios);
}

/** Finds a row by name, failing loudly if a scenario renamed it. */
export function row(rows, name) {
  const found = rows.find((r) => r.name === name);
  if (found === undefined) throw new Error(`bench: no row named '${name}'`);
  return found;
}

/** Adds `ratio` (to the `baseline` row, per round) to every row. */
export function withRatios(rows, baseline) {
  const base = row(rows, baseline);
  return rows.map((r) => ({ ...r, ratio: roundRatio(r, base) }));
}

/** One target of the issue, measured. */
export function check(target, measured, pass, value, limit) {
  return { target, measured, pass, value, limit };
}

/** A number with a fixed count of decimals, for messages. */
export function fmt(value, decimals = 1) {
  return Number.isFinite(value) ? value.toFixed(decimals) : String(value);
}
