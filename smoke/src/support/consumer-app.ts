// Jest global setup: packs every published package once per run and installs the tarballs with
// plain npm into a folder outside the workspace, as a new user would, together with the
// consumer projects in ../../consumers. The tests read the folder from CONSUMER_APP_ENV.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getReleasePlan from '@changesets/get-release-plan';
import { publishedPackages, ROOT, readJson } from './workspace';

/** The environment variable that holds the consumer app's folder. */
export const CONSUMER_APP_ENV = 'FLUXGATE_CONSUMER_APP';
/** The second copy of core, installed under another name (an npm alias of the same tarball). */
export const CORE_COPY = 'fluxgate-core-copy';

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Packs `dir` with pnpm (which rewrites `workspace:` ranges as a publish does) into `dest`. An
 * unreleased package is repacked at the version its pending changesets give it (0.0.0 becomes
 * 1.0.0), so the peer ranges are checked against the versions that will be published.
 */
function pack(dir: string, version: string, dest: string, scratch: string): string {
  const raw = join(scratch, 'raw');
  mkdirSync(raw, { recursive: true });
  const before = new Set(readdirSync(raw));
  run('pnpm', ['pack', '--pack-destination', raw], join(ROOT, 'packages', dir));
  const file = readdirSync(raw).find((f) => !before.has(f));
  if (file === undefined) throw new Error(`pnpm pack wrote no tarball for packages/${dir}`);
  const unpacked = join(scratch, 'unpacked', dir);
  mkdirSync(unpacked, { recursive: true });
  run('tar', ['-xzf', join(raw, file), '-C', unpacked, '--strip-components=1'], scratch);
  const manifest = readJson(join(unpacked, 'package.json'))!;
  manifest.version = version;
  writeFileSync(join(unpacked, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return join(dest, run('npm', ['pack', unpacked, '--pack-destination', dest], scratch).trim());
}

/**
 * Runs `fn` without changesets' complaint that a listener's explicit core peer range (`^1.0.0`)
 * is not met by the unreleased core (0.0.0): true, and harmless until the first release.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const error = console.error;
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).includes('must depend on the current version')) error(...args);
  };
  try {
    return await fn();
  } finally {
    console.error = error;
  }
}

export default async function setup(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'fluxgate-consumer-'));
  const app = join(scratch, 'app');
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(app);
  mkdirSync(tarballs);
  const plan = await quietly(() => getReleasePlan(ROOT));
  const planned = new Map(plan.releases.map((r) => [r.name, r.newVersion]));
  const dependencies: Record<string, string> = {};
  for (const pkg of publishedPackages()) {
    const version = planned.get(pkg.name) ?? String(pkg.manifest.version);
    dependencies[pkg.name] = `file:${pack(pkg.dir, version, tarballs, scratch)}`;
  }
  dependencies[CORE_COPY] = dependencies['@fluxgate/core']!;
  // The peers a user brings, at the versions the workspace tests with.
  const smoke = readJson(join(ROOT, 'smoke', 'package.json'))!.devDependencies as object;
  const root = readJson(join(ROOT, 'package.json'))!.devDependencies as object;
  for (const [name, range] of [...Object.entries(smoke), ...Object.entries(root)]) {
    if (
      [
        'winston',
        'prom-client',
        '@opentelemetry/api',
        'ioredis',
        'typescript',
        '@types/node',
      ].includes(name)
    )
      dependencies[name] = range;
  }
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'consumer-app', private: true, dependencies }, null, 2)}\n`,
  );
  cpSync(join(ROOT, 'smoke', 'consumers'), app, { recursive: true });
  // Only the registry is reachable: whatever npm has cached is used first.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
  process.env[CONSUMER_APP_ENV] = app;
  (globalThis as { consumerScratch?: string }).consumerScratch = scratch;
}

/** Jest global teardown: removes the scratch folder. */
export function teardown(): void {
  const scratch = (globalThis as { consumerScratch?: string }).consumerScratch;
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
}
