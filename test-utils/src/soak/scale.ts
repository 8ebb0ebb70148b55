import { appendFileSync } from 'node:fs';

/**
 * How many times more work the current run does: 1 normally, the value of `FLUXGATE_SOAK` in
 * `pnpm soak` (100).
 *
 * @example
 * ```ts
 * fc.assert(property, { numRuns: 10_000 * soakFactor() });
 * ```
 */
export function soakFactor(): number {
  const factor = Number(process.env.FLUXGATE_SOAK ?? '1');
  return Number.isInteger(factor) && factor >= 1 ? factor : 1;
}

/**
 * Records a figure of this run (sequences checked, calls made, bytes measured): appended as one
 * JSON line to the file named by `FLUXGATE_FIGURES` when set (`pnpm soak` sets it and prints
 * them), otherwise ignored.
 *
 * @example
 * ```ts
 * recordFigure('sync model sequences', runs);
 * ```
 */
export function recordFigure(label: string, value: number | string): void {
  const file = process.env.FLUXGATE_FIGURES;
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify({ label, value })}\n`);
}
