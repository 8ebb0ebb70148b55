// `pnpm test`: runs every workspace's tests through turbo (which builds what they depend on and
// runs the typecheck and package checks), then prints one line summing jest's results over all
// packages: "N passed, N failed, N skipped". The exit code is non-zero if lint or turbo failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'examples', 'bench', 'smoke', 'test-utils'].flatMap((dir) => {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  if (existsSync(join(path, 'package.json'))) return [path];
  return readdirSync(path).map((name) => join(path, name));
});
const resultFiles = workspaces.map((dir) => join(dir, '.jest-results.json'));
for (const file of resultFiles) rmSync(file, { force: true });

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

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of resultFiles) {
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  const name = file.slice(root.length).replace('/.jest-results.json', '');
  const counts = `${result.numPassedTests} passed, ${result.numFailedTests} failed`;
  console.log(`${name}: ${counts}, ${result.numPendingTests} skipped`);
}
// Skipped tests are named in the closing line so a missing tool (e.g. no prometheus binary for
// the end-to-end test) cannot hide.
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(lint.status !== 0 ? (lint.status ?? 1) : (run.status ?? 1));
