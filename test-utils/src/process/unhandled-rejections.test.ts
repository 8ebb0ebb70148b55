// The shared jest configuration fails a test that leaves a promise rejection unhandled, also
// one that surfaces after the test returned, and passes the ones that leave none. Proved on
// fixtures in a child jest process (fixtures/unhandled), since a leak here would fail this run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES } from '../support/child-process';

interface JestJson {
  testResults: {
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

test('a leaked rejection fails its test; breakers and listeners leak none', () => {
  const jest = require.resolve('jest/bin/jest');
  const child = spawnSync(
    process.execPath,
    [jest, '--config', join(FIXTURES, 'unhandled/jest.config.js'), '--json', '--ci'],
    { cwd: join(FIXTURES, 'unhandled'), encoding: 'utf8', timeout: 60_000 },
  );
  expect(child.status).toBe(1);
  const report = JSON.parse(child.stdout) as JestJson;
  const results = Object.fromEntries(
    report.testResults
      .flatMap((file) => file.assertionResults)
      .map((t) => [
        t.title,
        t.status === 'failed' ? t.failureMessages.join('\n').split('\n')[0] : t.status,
      ]),
  );
  expect(results).toEqual({
    'leaks a rejection': 'Error: nobody handles me',
    'leaks a rejection after it returned': 'Error: nobody handles me either',
    'handles its rejection': 'passed',
    'a sync breaker given a rejecting promise leaves nothing unhandled': 'passed',
    'a failing async listener and a timed-out call leave nothing unhandled': 'passed',
  });
}, 60_000);
