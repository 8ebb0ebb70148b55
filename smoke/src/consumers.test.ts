// TypeScript and runtime consumers of the packed tarballs (installed by npm outside the
// workspace, see support/consumer-app): each project in ../consumers is typechecked with the
// tsc a user would have, and two copies of core are made to work together.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CONSUMER_APP_ENV } from './support/consumer-app';

const app = process.env[CONSUMER_APP_ENV]!;

/** Runs the app's own tsc on one consumer project; its diagnostics, or '' when it passes. */
function typecheck(project: string): string {
  const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], {
    cwd: app,
    encoding: 'utf8',
  });
  return run.status === 0 ? '' : `${run.stdout}${run.stderr}` || `tsc exited ${run.status}`;
}

describe('TypeScript consumers', () => {
  it('resolves every subpath with moduleResolution "node" (node10)', () => {
    expect(typecheck('node10')).toBe('');
  });

  it('accepts an explicit undefined for every optional option (exactOptionalPropertyTypes)', () => {
    expect(typecheck('exact-optional')).toBe('');
  });

  it('typechecks a CommonJS project without esModuleInterop (listener-log and winston)', () => {
    expect(typecheck('cjs-no-interop')).toBe('');
  });
});

describe('two installed copies of core', () => {
  it("lets a breaker of one copy use and compose the other copy's components", () => {
    const run = spawnSync(process.execPath, ['two-copies.mjs'], { cwd: app, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      states: ['open', 'closed', 'open'],
      rejected: true,
      probe: 'ok',
    });
  });
});
