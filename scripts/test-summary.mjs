// The closing line of `pnpm test`: jest's results summed over the workspaces. A workspace that
// has a `test` script but left no results file (its suite crashed, was killed, or never ran
// because turbo stopped) counts as one failed test, so an interrupted run can never print a
// clean line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const RESULTS_FILE = '.jest-results.json';

/** Whether the workspace at `dir` has tests of its own (a `test` script). */
function hasTests(dir) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return typeof JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test === 'string';
}

/**
 * Sums the results of `workspaces` (directories under `root`). With `expectAll`, a workspace
 * with tests but no results counts as one failure; without it (a filtered run) it is skipped.
 * Returns the lines to print, the last one "N passed, N failed, N skipped".
 */
export function summarize(root, workspaces, expectAll) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const lines = [];
  for (const dir of workspaces) {
    const name = dir.slice(root.length).replace(/^\//, '');
    const file = join(dir, RESULTS_FILE);
    if (!existsSync(file)) {
      if (expectAll && hasTests(dir)) {
        failed++;
        lines.push(`${name}: no results (its tests did not run to the end): counted as 1 failed`);
      }
      continue;
    }
    const result = JSON.parse(readFileSync(file, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + result.numTodoTests;
    const counts = `${result.numPassedTests} passed, ${result.numFailedTests} failed`;
    lines.push(`${name}: ${counts}, ${result.numPendingTests} skipped`);
  }
  // Skipped tests are named in the closing line so a missing tool (e.g. no prometheus binary for
  // the end-to-end test) cannot hide.
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { lines, passed, failed, skipped };
}

// `node scripts/test-summary.mjs <root> <workspace>...`: prints the summary of a full run (for
// the test of this file).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [root, ...workspaces] = process.argv.slice(2);
  const { lines, failed } = summarize(root, workspaces, true);
  for (const line of lines) console.log(line);
  process.exit(failed > 0 ? 1 : 0);
}
