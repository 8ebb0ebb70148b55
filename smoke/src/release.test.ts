// The release path, for real but without publishing: in a copy of the working tree, version the
// packages from the pending changesets (`pnpm version-packages`), then run `pnpm release
// --dry-run` (build, every package check, `pnpm publish -r --dry-run`). Then two later releases
// of core: a minor must leave the listeners alone, a major must give them a major whose
// changelog says what changed and which core they need.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publishedPackages, ROOT, readJson } from './support/workspace';

const CORE = '@fluxgate/core';
let copy: string;

/** Runs a command in the copy; throws with its output when it fails. */
function run(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', CI: '1' },
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${output}`);
  return output;
}

const manifest = (dir: string) => readJson(join(copy, 'packages', dir, 'package.json'))!;
const versions = () =>
  Object.fromEntries(publishedPackages().map((p) => [p.name, manifest(p.dir).version]));
const listeners = () => publishedPackages().filter((p) => p.name !== CORE);
const corePeer = (dir: string) =>
  (manifest(dir).peerDependencies as Record<string, string> | undefined)?.[CORE];
/** The newest entry of a package's changelog. */
const newestEntry = (dir: string) =>
  readFileSync(join(copy, 'packages', dir, 'CHANGELOG.md'), 'utf8').split(/\n(?=## )/)[1]!;

function addChangeset(name: string, bump: string, summary: string): void {
  writeFileSync(
    join(copy, '.changeset', `${name}.md`),
    `---\n"${CORE}": ${bump}\n---\n\n${summary}\n`,
  );
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'fluxgate-release-'));
  // The working tree as git sees it (tracked and new files, not ignored ones).
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  for (const file of files.split('\0').filter(Boolean)) {
    try {
      mkdirSync(join(copy, dirname(file)), { recursive: true });
      cpSync(join(ROOT, file), join(copy, file));
    } catch (error) {
      // A tracked file deleted in the working tree is not part of it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  run('pnpm', ['install', '--prefer-offline', '--frozen-lockfile']);
}, 120_000);

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('pnpm release', () => {
  let released: Record<string, unknown>;

  it('versions every package from the pending changesets', () => {
    run('pnpm', ['run', 'version-packages']);
    released = versions();
    const left = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md'));
    expect(left).toEqual(['README.md']);
    for (const [name, version] of Object.entries(released))
      expect([name, version]).not.toEqual([name, '0.0.0']);
  }, 60_000);

  it('builds, checks and packs every package for publishing (dry run)', () => {
    const output = run('pnpm', ['run', 'release', '--dry-run']);
    for (const [name, version] of Object.entries(released))
      expect(output).toContain(`+ ${name}@${version}\n`);
  }, 300_000);

  it('a core minor leaves the listeners and their core peer range alone', () => {
    const before = versions();
    const peers = listeners().map((p) => corePeer(p.dir));
    addChangeset('core-minor', 'minor', 'A new option.');
    run('pnpm', ['run', 'version-packages']);
    const after = versions();
    expect(after[CORE]).not.toBe(before[CORE]);
    for (const { name } of listeners()) expect([name, after[name]]).toEqual([name, before[name]]);
    expect(listeners().map((p) => corePeer(p.dir))).toEqual(peers);
  }, 60_000);

  it('a core major gives each listener a major that says why and what changed', () => {
    addChangeset('core-major', 'major', '`Signal.metrics` is frozen.\n\nMore detail.');
    run('pnpm', ['run', 'version-packages']);
    const major = `${String(versions()[CORE]).split('.')[0]}.0.0`;
    expect(versions()[CORE]).toBe(major);
    for (const { dir, name } of listeners()) {
      expect([name, corePeer(dir)]).toEqual([name, `^${major}`]);
      const entry = newestEntry(dir);
      expect(entry).toMatch(/^## \d+\.0\.0\n\n### Major Changes\n/);
      expect(entry).toContain(`- Needs \`${CORE}\` ^${major} (upgrade both together).`);
      expect(entry).toContain('  - `Signal.metrics` is frozen.');
      expect(entry).not.toContain('Updated dependencies');
      expect(entry).not.toContain('### Patch Changes');
    }
  }, 60_000);
});
