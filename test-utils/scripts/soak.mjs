// `pnpm soak`: the whole suite with every scalable test scaled up (FLUXGATE_SOAK=100: 100x the
// model sequences, 2,000,000 overlapping async calls, 10x the memory run), then a table of what
// ran. Takes several minutes; the exit code is jest's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'fluxgate-soak-'));
const figures = join(dir, 'figures.jsonl');
const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
const factor = process.env.FLUXGATE_SOAK ?? '100';

console.log(`fluxgate soak: FLUXGATE_SOAK=${factor}; this takes several minutes`);
const started = performance.now();
const run = spawnSync(process.execPath, [jest, '--testTimeout=3600000', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FLUXGATE_SOAK: factor, FLUXGATE_FIGURES: figures },
});
const seconds = Math.round((performance.now() - started) / 1000);

console.log('\nWhat the soak ran and measured:');
if (existsSync(figures)) {
  for (const line of readFileSync(figures, 'utf8').trim().split('\n')) {
    const { label, value } = JSON.parse(line);
    console.log(
      `  ${label.padEnd(64)} ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`,
    );
  }
}
console.log(`  ${'wall-clock seconds'.padEnd(64)} ${seconds}`);
rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 1);
