// `pnpm test`: runs every workspace's tests through turbo (which builds what they depend on and
// runs the typecheck and package checks), then prints one line summing jest's results over all
// packages: "N passed, N failed, N skipped" (see test-summary.mjs). The exit code is non-zero
// if lint or turbo failed, or a workspace with tests left no results.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_FILE, summarize } from './test-summary.mjs';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'examples', 'bench', 'smoke', 'test-utils'].flatMap((dir) => {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  if (existsSync(join(path, 'package.json'))) return [path];
  return readdirSync(path).map((name) => join(path, name));
});
for (const dir of workspaces) rmSync(join(dir, RESULTS_FILE), { force: true });

// Lint first: it takes a second and a style slip should not wait behind the slow suites.
const lint = spawnSync('pnpm', ['exec', 'biome', 'check', '.'], { cwd: root, stdio: 'inherit' });

const args = [
  'turbo',
  'run',
  'test',
  'typecheck',
  'check:package',
  '--output-logs=errors-only',
  // Two cores: more suites at once only makes the timing-sensitive ones (HTTP stand-ins, child
  // processes) slower without finishing sooner.
  '--concurrency=2',
  '--continue',
];
const run = spawnSync('pnpm', ['exec', ...args, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
});

// A filtered run (extra arguments for turbo) runs only some workspaces: only a full run expects
// results from every workspace with tests.
const { lines, failed } = summarize(root, workspaces, process.argv.length <= 2);
for (const line of lines) console.log(line);
// turbo may exit 0 when it is stopped by a signal, so missing results count too.
if (lint.status !== 0) process.exit(lint.status ?? 1);
process.exit(run.status !== 0 ? (run.status ?? 1) : failed > 0 ? 1 : 0);
