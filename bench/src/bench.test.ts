// Keeps the harness working: every scenario runs once in the tiny `test` mode and must produce
// a figure for every contender. Nothing here asserts speed.
import { MODES } from './config.js';
import { fullGc } from './gc.js';
import { compileLoop, median, sink } from './harness.js';
import { formatScenario, markdownRun, tally } from './report.js';
import { runScenario, SCENARIOS, scenario } from './scenarios/index.js';

const gc = fullGc();
/** Each scenario runs once; several tests look at its result. */
const results = new Map<string, Promise<Awaited<ReturnType<typeof runScenario>>>>();
function resultOf(id: string) {
  if (!results.has(id)) results.set(id, runScenario(id, MODES.test, gc));
  return results.get(id)!;
}

const positive = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

describe('harness', () => {
  it('runs a contender body n times and leaves a trace in the sink', () => {
    const count = { n: 0 };
    const before = sink.value;
    const loop = compileLoop(
      { name: 'count', kind: 'sync', body: 'r = ++count.n;', scope: { count } },
      0,
    );
    loop(10);
    expect(count.n).toBe(10);
    expect(sink.value).not.toBe(before);
  });

  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('names the scenarios when asked for an unknown one', () => {
    expect(() => scenario('nope')).toThrow(
      /unknown scenario 'nope'; the scenarios are async-closed/,
    );
  });
});

// A scenario that needs a missing binary (redis-server) is reported as skipped, never passed.
const missing = (s: (typeof SCENARIOS)[number]) =>
  'unavailable' in s ? (s.unavailable as () => string | undefined)() : undefined;
for (const s of SCENARIOS.filter((s) => missing(s) !== undefined)) {
  describe.skip(`scenario ${s.id} in test mode (SKIPPED: ${missing(s)})`, () => {
    it('produces figures', () => {});
  });
}
const runnable = SCENARIOS.filter((s) => missing(s) === undefined);

describe.each(runnable.map((s) => [s.id]))('scenario %s in test mode', (id) => {
  let result: Awaited<ReturnType<typeof runScenario>>;

  beforeAll(async () => {
    result = await resultOf(id);
  });

  it('produces a positive figure for every contender', () => {
    expect(result.rows.length).toBeGreaterThan(1);
    for (const row of result.rows) {
      if (result.unit === 'bytes') {
        expect([row.name, positive(row.bytesPerBreaker)]).toEqual([row.name, true]);
      } else {
        expect([row.name, positive(row.nsPerOp), positive(row.ratio)]).toEqual([
          row.name,
          true,
          true,
        ]);
        expect(row.samples).toHaveLength(MODES.test.rounds);
      }
    }
  });

  it('judges every target with a measured value', () => {
    expect(result.checks.length).toBeGreaterThan(0);
    for (const check of result.checks) {
      expect(typeof check.pass).toBe('boolean');
      expect(Number.isFinite(check.value)).toBe(true);
      expect(check.measured).not.toBe('');
    }
    const { passed, missed } = tally({ scenarios: [result] });
    expect(passed + missed).toBe(result.checks.length);
  });

  it('prints every contender in the console table and the Markdown', () => {
    const text = formatScenario(result);
    const markdown = markdownRun({
      mode: 'test',
      startedAt: 'now',
      machine: {
        node: 'v20',
        v8: '11',
        os: 'os',
        cpu: 'cpu',
        cores: 2,
        memoryGiB: 1,
        loadAverage: 0,
      },
      scenarios: [result],
    });
    for (const row of result.rows) {
      expect(text).toContain(row.name);
      expect(markdown).toContain(`| ${row.name} `);
    }
    expect(markdown).toContain(result.title);
  });
});

describe('timer counting', () => {
  it('sees the timers opossum creates, so a zero for fluxgate means something', async () => {
    const memory = await resultOf('memory');
    const opossum = memory.rows.find((row: { name: string }) => row.name.startsWith('opossum'));
    expect(opossum.timersAtConstruction).toBeGreaterThan(0);
    expect(opossum.timersDuringCalls).toBeGreaterThan(0);
  });
});
