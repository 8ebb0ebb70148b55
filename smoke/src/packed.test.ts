// Imports every entry point of the packed tarballs (installed by npm, see support/consumer-app)
// from ESM and from CommonJS in fresh Node processes.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CONSUMER_APP_ENV } from './support/consumer-app';
import { publishedPackages } from './support/workspace';

const PACKAGES = publishedPackages().map((p) => p.dir);
/** What a tarball may hold at its top level. */
const SHIPPED = ['dist', 'README.md', 'package.json', 'CHANGELOG.md', 'LICENSE', 'grafana'];

/** Entry points and the names each must export. */
const ENTRIES: Record<string, string[]> = {
  '@fluxgate/core': [
    'CircuitBreaker',
    'AsyncCircuitBreaker',
    'CallNotPermittedError',
    'CallTimeoutError',
    'STATES',
    'Listener',
    'AsyncListener',
    'CountWindow',
    'TimeWindow',
    'TypeOf',
    'Custom',
    'FailureRate',
    'SlowRate',
    'FailureStreak',
    'Backoff',
    'Cooldown',
    'RampUp',
    'Random',
  ],
  '@fluxgate/core/windows': ['Window', 'CountWindow', 'TimeWindow'],
  '@fluxgate/core/trackers': ['Tracker', 'All', 'TypeOf', 'Custom'],
  '@fluxgate/core/trippers': [
    'Tripper',
    'Closed',
    'HalfOpened',
    'MinRequests',
    'FailureRate',
    'AvgLatency',
    'SlowRate',
    'FailureStreak',
  ],
  '@fluxgate/core/retries': ['Retry', 'Always', 'Never', 'Cooldown', 'Backoff'],
  '@fluxgate/core/permits': ['Permit', 'All', 'Random', 'RampUp'],
  '@fluxgate/listener-log': ['LogListener'],
  '@fluxgate/listener-otel': ['OtelListener'],
  '@fluxgate/listener-prometheus': ['PrometheusListener'],
  '@fluxgate/listener-slack': ['SlackListener', 'AsyncSlackListener'],
  '@fluxgate/fetch': ['breakerFetch', 'FailureStatusError', 'defaultFailureStatus'],
  '@fluxgate/store-redis': ['RedisStore', 'RedisCircuit', 'circuitKeys'],
};

/** Exercises the packages together: a breaker trips and the listeners see it. */
const SCENARIO = `
  const breaker = new core.CircuitBreaker({
    tripper: new core.FailureStreak(1),
    listeners: [
      new log.LogListener({ name: 'smoke', logger: winston.createLogger({ silent: true }) }),
      new prom.PrometheusListener({ name: 'smoke', registry }),
    ],
  });
  try { breaker.call(() => { throw new Error('down'); }); } catch {}
  let rejected;
  try { breaker.call(() => 1); } catch (error) { rejected = error; }
  const text = await registry.metrics();
  out.scenario = {
    state: breaker.info().state,
    rejected: core.CallNotPermittedError.isInstance(rejected),
    gauge: text.includes('circuit_breaker_state{circuit_name="smoke",state="open"} 1'),
  };
`;

function script(kind: 'esm' | 'cjs'): string {
  const load =
    kind === 'esm'
      ? (name: string) => `await import(${JSON.stringify(name)})`
      : (name: string) => `require(${JSON.stringify(name)})`;
  const checks = Object.entries(ENTRIES)
    .map(
      ([entry, names]) =>
        `{ const m = ${load(entry)}; out.entries[${JSON.stringify(entry)}] = ${JSON.stringify(
          names,
        )}.filter((n) => m[n] === undefined); }`,
    )
    .join('\n');
  return `
    (async () => {
      const out = { entries: {} };
      ${checks}
      const core = ${load('@fluxgate/core')};
      const log = ${load('@fluxgate/listener-log')};
      const prom = ${load('@fluxgate/listener-prometheus')};
      const winston = ${load('winston')};
      const promClient = ${load('prom-client')};
      const registry = new (promClient.Registry ?? promClient.default.Registry)();
      ${SCENARIO}
      ${
        kind === 'cjs'
          ? `// An error from the ESM build is recognised by the CommonJS build's isInstance.
      const esm = await import('@fluxgate/core');
      out.crossCopy = core.CallNotPermittedError.isInstance(new esm.CallNotPermittedError('open', null));`
          : ''
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
}

describe('packed packages', () => {
  const app = process.env[CONSUMER_APP_ENV]!;

  beforeAll(() => {
    writeFileSync(join(app, 'esm.mjs'), script('esm'));
    writeFileSync(join(app, 'cjs.cjs'), script('cjs'));
  });

  test.each(['esm.mjs', 'cjs.cjs'])('%s imports every entry point and runs', (file) => {
    const run = spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    for (const entry of Object.keys(ENTRIES))
      expect([entry, out.entries[entry]]).toEqual([entry, []]);
    expect(out.scenario).toEqual({ state: 'open', rejected: true, gauge: true });
    if (file === 'cjs.cjs') expect(out.crossCopy).toBe(true);
  });

  test('the tarballs hold no tests or sources, only dist, README and package.json', () => {
    for (const pkg of PACKAGES) {
      const files = readdirSync(join(app, 'node_modules', '@fluxgate', pkg));
      expect(files.filter((f) => !SHIPPED.includes(f))).toEqual([]);
      const dist = readdirSync(join(app, 'node_modules', '@fluxgate', pkg, 'dist'));
      expect(dist.filter((f) => f.includes('.test.'))).toEqual([]);
    }
  });

  test('listeners take core (and winston, prom-client) as peers with real version ranges', () => {
    const require = createRequire(join(app, 'package.json'));
    expect(require('@fluxgate/core/package.json').dependencies ?? {}).toEqual({});
    for (const { name, manifest: source } of publishedPackages()) {
      if (name === '@fluxgate/core') continue;
      const manifest = require(`${name}/package.json`);
      expect(manifest.peerDependencies['@fluxgate/core']).toMatch(/^\^\d+\.\d+\.\d+$/);
      // Written out, not `workspace:^`: a core minor must not raise a later release's minimum.
      const declared = (source.peerDependencies as Record<string, string>)['@fluxgate/core'];
      expect([name, manifest.peerDependencies['@fluxgate/core']]).toEqual([name, declared]);
      // The app's own copies must be used: core, winston and prom-client are never bundled in.
      const bundled = Object.keys(manifest.dependencies ?? {});
      expect(
        bundled.filter((d) => ['@fluxgate/core', 'winston', 'prom-client'].includes(d)),
      ).toEqual([]);
    }
  });
});
