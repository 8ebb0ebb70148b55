// No process is kept alive by a breaker or a listener: a child process with breakers of both
// kinds and every listener attached (one Slack listener posting to a loopback stand-in that the
// child closes, one to a port where nothing listens), driven through its states with a call
// left pending under a 60 s timeout, exits on its own within a few seconds.

import { recordFigure } from '../soak/scale';
import { jsonLines, requireBuiltPackages, runNode } from '../support/child-process';

test('a process with breakers and all listeners exits on its own', async () => {
  requireBuiltPackages();
  const child = await runNode('exit-child.mjs', {
    nodeArgs: ['--import', 'tsx'],
    killAfterMs: 20_000,
  });
  expect(child.killed).toBe(false);
  expect({ code: child.code, stderr: child.stderr.includes('Error') ? child.stderr : '' }).toEqual({
    code: 0,
    stderr: '',
  });
  const [summary, atExit] = jsonLines(child.stdout);
  // Everything really ran: posts reached the stand-in, log lines were written...
  expect(summary).toEqual({
    posts: 10,
    logLines: 10,
    syncState: 'closed',
    asyncState: 'closed',
    downState: 'open',
  });
  // ...and the dead Slack's post was reported once, without the token, before the exit.
  expect(atExit).toEqual({ faults: 1, tokenLeaked: false });
  recordFigure('exit test: ms from spawn to exit', Math.round(child.ms));
  expect(child.ms).toBeLessThan(5_000);
}, 30_000);
