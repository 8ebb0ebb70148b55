// The closing line of `pnpm test` (scripts/test-summary.mjs), over workspaces made up here: a
// suite that left no results must never let the line come out clean.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/workspace';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fluxgate-summary-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A workspace under the temp root, with or without a `test` script and a results file. */
function workspace(name: string, test: boolean, results?: Record<string, number>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ scripts: test ? { test: 'jest' } : {} }),
  );
  if (results !== undefined) {
    const full = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
    writeFileSync(join(dir, '.jest-results.json'), JSON.stringify({ ...full, ...results }));
  }
  return dir;
}

function summarize(dirs: string[]) {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts/test-summary.mjs'), root, ...dirs],
    {
      encoding: 'utf8',
    },
  );
  return { lines: result.stdout.trim().split('\n'), status: result.status };
}

test('sums every workspace and names each, skipped tests included', () => {
  const dirs = [
    workspace('a', true, { numPassedTests: 3, numPendingTests: 1 }),
    workspace('b', true, { numPassedTests: 2, numTodoTests: 1 }),
    workspace('tools', false),
  ];
  expect(summarize(dirs)).toEqual({
    lines: [
      'a: 3 passed, 0 failed, 1 skipped',
      'b: 2 passed, 0 failed, 0 skipped',
      '5 passed, 0 failed, 2 skipped',
    ],
    status: 0,
  });
});

test('a workspace with tests but no results (a killed or crashed suite) counts as failed', () => {
  const dirs = [workspace('a', true, { numPassedTests: 3 }), workspace('b', true)];
  const { lines, status } = summarize(dirs);
  expect(lines).toEqual([
    'a: 3 passed, 0 failed, 0 skipped',
    'b: no results (its tests did not run to the end): counted as 1 failed',
    '3 passed, 1 failed, 0 skipped',
  ]);
  expect(status).toBe(1);
});
