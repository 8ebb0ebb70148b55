// The API reference must describe everything it shows: every export of every package, and every
// public member of an exported class or interface, has a doc comment; every {@link} resolves;
// every type the API uses is exported. TypeDoc's own validation decides (typedoc.config.mjs:
// `requiredToBeDocumented`, `validation`, `treatValidationWarningsAsErrors`), run as
// `pnpm run docs` runs it, into a scratch folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';

const packageDir = resolve(__dirname, '..');
const GUIDES = 'https://github.com/fluxgate/fluxgate-ts/blob/main/docs/';

/** Runs TypeDoc with the project's options (plus `args`); its exit code and its warnings. */
function typedoc(...args: string[]): { status: number | null; warnings: string[] } {
  const bin = join(packageDir, 'node_modules', 'typedoc', 'bin', 'typedoc');
  const run = spawnSync(
    process.execPath,
    [bin, '--options', 'typedoc.config.mjs', '--logLevel', 'Warn', ...args],
    { cwd: packageDir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  const warnings = `${run.stdout}${run.stderr}`
    .split('\n')
    .filter((line) => /\[(warning|error)\]/.test(line) && !/Found \d+ errors/.test(line));
  return { status: run.status, warnings };
}

/** The navigation tree TypeDoc wrote (base64 of deflated JSON in assets/navigation.js). */
interface NavNode {
  readonly text: string;
  readonly children?: NavNode[];
}
function navigation(out: string): NavNode[] {
  const script = readFileSync(join(out, 'assets', 'navigation.js'), 'utf8');
  const data = /"([^"]+)"/.exec(script)![1]!;
  return JSON.parse(inflateSync(Buffer.from(data, 'base64')).toString('utf8'));
}

describe('the API reference of every package', () => {
  let out: string;
  let result: ReturnType<typeof typedoc>;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'fluxgate-api-'));
    result = typedoc('--out', out);
  }, 90_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('passes TypeDoc validation with warnings as errors', () => {
    expect(result.warnings).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('lists one module per import path, flat, the root entry first', () => {
    const modules = readdirSync(join(packageDir, 'entries')).map((file) => {
      const source = readFileSync(join(packageDir, 'entries', file), 'utf8');
      return /@module (\S+)/.exec(source)![1]!;
    });
    const nav = navigation(out);
    expect(nav.map((node) => node.text).sort()).toEqual(modules.sort());
    expect(nav[0]!.text).toBe('@fluxgate/core');
  });

  it('links the landing page to every guide in docs/', () => {
    const landing = readFileSync(join(out, 'index.html'), 'utf8');
    const guides = readdirSync(join(packageDir, '../../docs')).filter(
      (f) => f.endsWith('.md') && f !== 'README.md',
    );
    expect(guides.filter((guide) => !landing.includes(`href="${GUIDES}${guide}"`))).toEqual([]);
  });

  it('shows no protected or internal members of the breakers', () => {
    for (const page of ['CircuitBreaker', 'AsyncCircuitBreaker']) {
      const html = readFileSync(join(out, 'classes', `_fluxgate_core.${page}.html`), 'utf8');
      expect([page, html.includes('tsd-is-protected')]).toEqual([page, false]);
    }
  });
});

describe('the check itself', () => {
  it('fails on undocumented exports and members, broken links and unexported types', () => {
    const { status, warnings } = typedoc(
      '--entryPoints',
      'fixtures/undocumented.ts',
      '--packagesRequiringDocumentation',
      '@fluxgate/api-docs',
      '--emit',
      'none',
    );
    expect(status).not.toBe(0);
    const text = warnings.join('\n');
    for (const name of [
      'undocumentedConstant (Variable)',
      'undocumentedFunction (CallSignature)',
      'PartlyDocumented.undocumented (Property)',
      'Failed to resolve link to "NoSuchThing"',
      'Hidden, defined in',
    ])
      expect(text).toContain(name);
    expect(warnings).toHaveLength(5);
  }, 60_000);
});
