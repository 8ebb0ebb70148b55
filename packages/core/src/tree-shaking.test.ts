// A bundle of an app that uses only `CircuitBreaker` (with its default components) must not carry
// the components it never names. Bundled with rolldown, the bundler that ships with tsdown, in a
// child process (rolldown is ESM-only; jest runs this file as CommonJS).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const tsdownManifest = join(root, 'node_modules/tsdown/package.json');

const BUNDLE = `
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [tsdown, entryOf] = process.argv.slice(1);
const { rolldown } = await import(pathToFileURL(createRequire(tsdown).resolve('rolldown')).href);
const dir = mkdtempSync(join(tmpdir(), 'fluxgate-tree-shaking-'));
try {
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, "import { CircuitBreaker } from " + JSON.stringify(entryOf) +
    "; export const breaker = new CircuitBreaker();\\n");
  const bundle = await rolldown({ input: entry, platform: 'node', logLevel: 'silent' });
  const { output } = await bundle.generate({ format: 'esm', comments: false });
  process.stdout.write(output[0].code);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
`;

/** The bundled code (comments dropped) of an entry importing only `CircuitBreaker` from core. */
function bundleCircuitBreakerOnly(): string {
  const tsdown = realpathSync(tsdownManifest);
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', BUNDLE, tsdown, join(__dirname, 'index.ts')],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`bundling failed: ${run.stderr || run.error}`);
  return run.stdout;
}

/** Whether the bundle defines or names the class (its validation messages quote the name). */
const carries = (code: string, name: string) =>
  new RegExp(`\\b(var|let|const|class) ${name}\\b|"${name}"`).test(code);

const bundlerPresent = existsSync(tsdownManifest);

(bundlerPresent ? describe : describe.skip)(
  'tree-shaking (needs tsdown, which ships rolldown)',
  () => {
    let code = '';
    beforeAll(() => {
      code = bundleCircuitBreakerOnly();
    }, 120_000);

    test('the bundle holds the breaker and its default components', () => {
      for (const name of [
        'CircuitBreaker',
        'CountWindow',
        'MinRequests',
        'FailureRate',
        'RampUp',
      ]) {
        expect([name, carries(code, name)]).toEqual([name, true]);
      }
    });

    test('components the app never names are left out', () => {
      for (const name of ['TimeWindow', 'Backoff', 'AvgLatency', 'TypeOf', 'AsyncCircuitBreaker']) {
        expect([name, carries(code, name)]).toEqual([name, false]);
      }
    });

    // Fails while the breaker finds SlowRate thresholds with `instanceof SlowRate`, which keeps the
    // class in every bundle; passes once it reads `Tripper.slowThresholds` instead.
    test('SlowRate is left out: trippers declare their own thresholds', () => {
      expect(carries(code, 'SlowRate')).toBe(false);
    });
  },
);
