// npm metadata of the packed packages: where the code lives, where to report bugs, what to
// search for, READMEs that still work on the npm page, and sourcemaps that carry their sources.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSUMER_APP_ENV } from './support/consumer-app';
import { publishedPackages, REPOSITORY, ROOT, readJson } from './support/workspace';

const app = process.env[CONSUMER_APP_ENV]!;
const installed = (name: string) => join(app, 'node_modules', ...name.split('/'));

describe.each(publishedPackages())('$name as packed', ({ dir, name, manifest: source }) => {
  const folder = installed(name);
  const manifest = readJson(join(folder, 'package.json'))!;
  const read = (path: string) => readFileSync(join(folder, path), 'utf8');

  it('names the repository (with its folder), the home page, the issue tracker and keywords', () => {
    expect(manifest.repository).toEqual({
      type: 'git',
      url: `git+${REPOSITORY}.git`,
      directory: `packages/${dir}`,
    });
    expect(manifest.homepage).toBe(`${REPOSITORY}/tree/main/packages/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPOSITORY}/issues` });
    expect(manifest.keywords).toEqual(expect.arrayContaining(['circuit-breaker']));
    expect(manifest.description).toEqual(expect.any(String));
    expect(manifest.license).toBe('MIT');
  });

  it("resolves every subpath under TypeScript's node10 resolution (typesVersions)", () => {
    const subpaths = Object.keys(manifest.exports as object)
      .filter((key) => key !== '.' && key !== './package.json')
      .map((key) => key.slice(2));
    const mapped = (
      manifest.typesVersions as Record<string, Record<string, unknown>> | undefined
    )?.['*'];
    expect(subpaths.filter((sub) => mapped?.[sub] === undefined)).toEqual([]);
  });

  it('is checked by publint --strict and attw with every resolution profile', () => {
    const scripts = source.scripts as Record<string, string>;
    expect(scripts['check:package']).toBe('publint --strict && attw --pack .');
  });

  it("resolves every subpath under TypeScript's node10 resolution (typesVersions)", () => {
    const subpaths = Object.keys(manifest.exports as object)
      .filter((key) => key !== '.' && key !== './package.json')
      .map((key) => key.slice(2));
    const types = manifest.typesVersions as Record<string, Record<string, unknown>> | undefined;
    expect(subpaths.filter((sub) => types?.['*']?.[sub] === undefined)).toEqual([]);
  });

  it('has a README whose links are absolute (relative ones break on the npm page)', () => {
    const readme = read('README.md');
    const targets = [...readme.matchAll(/\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1]!);
    expect(targets.filter((t) => !/^(https:\/\/|mailto:|#)/.test(t))).toEqual([]);
  });

  it('ships a sourcemap, sources inside, for every JavaScript file with code of its own', () => {
    const dist = readdirSync(join(folder, 'dist'));
    // Entry facades that only re-export a shared chunk have no source of their own to map.
    const withCode = dist.filter(
      (f) => /\.(c|m)?js$/.test(f) && /\b(function|class)\b/.test(read(join('dist', f))),
    );
    expect(withCode.length).toBeGreaterThan(0);
    for (const file of withCode) {
      expect([file, read(join('dist', file)).endsWith(`//# sourceMappingURL=${file}.map`)]).toEqual(
        [file, true],
      );
      const map = JSON.parse(read(join('dist', `${file}.map`)));
      expect([file, map.sourcesContent?.length]).toEqual([file, map.sources.length]);
    }
  });
});

it('the root README states the repository the packages point to', () => {
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(REPOSITORY);
});
