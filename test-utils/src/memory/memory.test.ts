// Memory, measured in child processes with --expose-gc on the built packages. "Heap" here is
// V8's heapUsed plus the data of typed arrays (kept outside the heap when over 64 bytes, as a
// CountWindow's are), after full collections.
import { recordFigure, soakFactor } from '../soak/scale';
import { jsonLines, requireBuiltPackages, runNode } from '../support/child-process';

const MB = 1024 * 1024;

async function measure(mode: string, count: number): Promise<Record<string, number>> {
  requireBuiltPackages();
  const child = await runNode('memory-child.mjs', {
    nodeArgs: ['--expose-gc', '--import', 'tsx'],
    args: [mode, String(count)],
    killAfterMs: 600_000,
  });
  if (child.code !== 0) throw new Error(`memory-child ${mode} failed:\n${child.stderr}`);
  return jsonLines(child.stdout)[0] as Record<string, number>;
}

test('100,000 breakers with CountWindow(100), after 100 calls each, fit in 150 MB', async () => {
  const result = await measure('breakers', 100_000);
  recordFigure(
    'memory: 100,000 breakers, MB (heapUsed + typed arrays)',
    +(result.bytes / MB).toFixed(1),
  );
  recordFigure('memory: 100,000 breakers, MB heapUsed only', +(result.heapUsed / MB).toFixed(1));
  recordFigure('memory: bytes per breaker', result.perBreaker);
  expect(result.breakers).toBe(100_000);
  expect(result.bytes / MB).toBeLessThan(150);
}, 120_000);

test('one breaker of each kind does not grow over a million calls', async () => {
  // pnpm soak: ten times more (the calls run one after another; more would only take longer).
  const calls = 1_000_000 * Math.min(soakFactor(), 10);
  const result = await measure('calls', calls);
  recordFigure(
    `memory: growth over ${2 * calls} calls (sync + async), KB`,
    Math.round(result.growth / 1024),
  );
  recordFigure(`memory: ms for ${2 * calls} calls (sync + async)`, result.ms);
  expect(result.calls).toBe(2 * calls);
  // Every call was really made and seen; the run tripped and recovered thousands of times.
  expect(result.callEvents).toBeGreaterThanOrEqual(2 * calls);
  expect(result.signals).toBeGreaterThan(1_000);
  // A leak of even one small object per call would be tens of MB.
  expect(result.growth / MB).toBeLessThan(2);
}, 600_000);

test('a SlackListener whose Slack never answers keeps at most 100 posts waiting', async () => {
  const signals = 20_000;
  const result = await measure('slack', signals);
  recordFigure(
    'memory: slack queue growth over 20,000 unanswered signals, KB',
    Math.round(result.growth / 1024),
  );
  // One post in flight (hanging), 100 waiting, every older one dropped and reported once.
  expect(result).toMatchObject({
    signals: signals + 1,
    requests: 1,
    queueFull: signals + 1 - 1 - 100,
    reported: signals + 1 - 1 - 100,
  });
  expect(result.growth / MB).toBeLessThan(2);
}, 120_000);
