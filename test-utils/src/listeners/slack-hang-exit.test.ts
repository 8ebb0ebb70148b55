// A Slack that accepts connections and never answers must not keep an app's process alive:
// the listener's client (unref'd sockets) and its timers let the process exit once nothing else
// holds it, instead of waiting out about 16 s of timeouts and retries per queued post.
import { jsonLines, requireBuiltPackages, runNode } from '../support/child-process';

test('a process whose Slack never answers exits on its own, at once', async () => {
  requireBuiltPackages();
  const child = await runNode('slack-hang-child.mjs', { killAfterMs: 30_000 });
  expect(child.killed).toBe(false);
  expect({ code: child.code, stderr: child.stderr }).toEqual({ code: 0, stderr: '' });
  const [atExit] = jsonLines(child.stdout);
  // The post really was in flight: Slack had the connection when the process left.
  expect(atExit).toEqual({ connections: 1, reports: [] });
  // The client's own timeout is 5 s: exiting before it shows nothing waited for Slack.
  expect(child.ms).toBeLessThan(4_500);
}, 40_000);
