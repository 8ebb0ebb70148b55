import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import { rejectSoon, type Settlable, settlablePromise } from './deferred';

test('rejectSoon rejects each promise with its own reason', async () => {
  const reasons = [new Error('a'), new Error('b'), 'c'];
  const outcomes = await Promise.allSettled(reasons.map((reason) => rejectSoon(reason)));
  expect(outcomes).toEqual(reasons.map((reason) => ({ status: 'rejected', reason })));
});

test('settlablePromise hands its settle functions to the holder', async () => {
  const holder = {} as Settlable<number>;
  const promise = settlablePromise(holder);
  holder.resolve(7);
  await expect(promise).resolves.toBe(7);
});

test('a rejection nobody handles is still reported as unhandled', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluxgate-deferred-'));
  try {
    const source = readFileSync(join(__dirname, 'deferred.ts'), 'utf8');
    const { code } = transformSync(source, {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    writeFileSync(join(dir, 'deferred.cjs'), code);
    writeFileSync(
      join(dir, 'child.cjs'),
      `const { rejectSoon } = require('./deferred.cjs');
       process.on('unhandledRejection', (reason) => { console.log('unhandled', reason); process.exit(3); });
       rejectSoon('forgotten');`,
    );
    const child = spawnSync(process.execPath, [join(dir, 'child.cjs')], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect({ status: child.status, out: child.stdout.trim() }).toEqual({
      status: 3,
      out: 'unhandled forgotten',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
