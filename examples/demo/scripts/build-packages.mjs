// Builds the packages the demo imports (and only those), so `pnpm demo` works on a fresh clone
// with nothing built. Turbo caches the builds: later runs take a moment. Quiet unless it fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const started = performance.now();
process.stdout.write(
  'Building the fluxgate packages the demo uses (turbo, cached after the first run)... ',
);
const run = spawnSync(
  'pnpm',
  [
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=@fluxgate/example-demo^...',
    '--output-logs=errors-only',
  ],
  { cwd: root, encoding: 'utf8', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } },
);
if (run.status !== 0) {
  process.stdout.write('failed:\n');
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? String(run.error ?? ''));
  process.exit(run.status ?? 1);
}
process.stdout.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n\n`);
