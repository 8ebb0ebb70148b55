// The API reference must describe everything it shows: every export of every package, and every
// public member of an exported class or interface, has a doc comment; every {@link} resolves;
// every type the API uses is exported. TypeDoc (the same options as `pnpm docs`) decides.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

interface Undocumented {
  readonly name: string;
  readonly kind: string;
  readonly file: string;
  readonly member: boolean;
}
interface Findings {
  readonly undocumented: Undocumented[];
  readonly otherWarnings: string[];
  readonly errors: string[];
}

const packageDir = resolve(__dirname, '..');

function check(...entries: string[]): Findings {
  const out = execFileSync(process.execPath, ['scripts/check-docs.mjs', ...entries], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  return JSON.parse(out) as Findings;
}

const names = (list: readonly Undocumented[]) =>
  list.map((u) => `${u.name} (${u.kind}) in ${u.file}`);

describe('the public API of every package', () => {
  let findings: Findings;
  beforeAll(() => {
    findings = check();
  }, 30_000);

  it('converts without errors', () => {
    expect(findings.errors).toEqual([]);
  });

  it('has a doc comment on every export', () => {
    expect(names(findings.undocumented.filter((u) => !u.member))).toEqual([]);
  });

  it('has a doc comment on every public member of an exported class or interface', () => {
    expect(names(findings.undocumented.filter((u) => u.member))).toEqual([]);
  });

  it('has no broken {@link} and uses no type it does not export', () => {
    expect(findings.otherWarnings).toEqual([]);
  });
});

describe('the check itself', () => {
  it('reports undocumented exports and members, and broken links', () => {
    const findings = check('fixtures/undocumented.ts');
    expect(findings.undocumented.map(({ name, member }) => ({ name, member }))).toEqual(
      expect.arrayContaining([
        { name: 'fixture.undocumentedConstant', member: false },
        { name: 'fixture.undocumentedFunction', member: false },
        { name: 'fixture.PartlyDocumented.undocumented', member: true },
      ]),
    );
    expect(findings.undocumented).toHaveLength(3);
    expect(findings.otherWarnings.join('\n')).toContain('NoSuchThing');
  }, 30_000);
});
