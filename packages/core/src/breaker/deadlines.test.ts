import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import { type Deadline, Deadlines } from './deadlines';

/** An entry that notes when (on the fake clock) it expired. */
class Entry implements Deadline {
  at = Number.NaN;
  done = false;
  lane: Deadline['lane'] = undefined;
  expiredAt: number | undefined;
  constructor(
    readonly name: string,
    private readonly log: string[],
  ) {}
  expire(): void {
    this.expiredAt = performance.now();
    this.log.push(this.name);
  }
}

describe('Deadlines (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup() {
    const faults: unknown[] = [];
    const log: string[] = [];
    const deadlines = new Deadlines((error) => faults.push(error));
    const entry = (name: string) => new Entry(name, log);
    return { deadlines, log, faults, entry };
  }

  test('entries with different timeouts expire in deadline order, never early', () => {
    const { deadlines, log, entry } = setup();
    const t0 = performance.now();
    const plan: [string, number][] = [
      ['a', 300],
      ['b', 100],
      ['c', 200],
      ['d', 100],
      ['e', 3_200],
    ];
    const entries = plan.map(([name, timeout]) => {
      const e = entry(name);
      deadlines.add(e, timeout);
      return [e, timeout] as const;
    });
    jest.advanceTimersByTime(50);
    const late = entry('f');
    deadlines.add(late, 100); // deadline t0 + 150 at the latest 150 + 100/32
    jest.advanceTimersByTime(5_000);
    expect(log).toEqual(['b', 'd', 'f', 'c', 'a', 'e']);
    for (const [e, timeout] of entries) {
      expect(e.expiredAt! - t0).toBeGreaterThanOrEqual(timeout);
      expect(e.expiredAt! - t0).toBeLessThanOrEqual(timeout + timeout / 32 + 1);
    }
    expect(late.expiredAt! - t0).toBeGreaterThanOrEqual(150);
    expect(late.expiredAt! - t0).toBeLessThanOrEqual(150 + 100 / 32 + 1);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('an exact start time is used as given', () => {
    const { deadlines, entry } = setup();
    const e = entry('x');
    deadlines.add(e, 100, performance.now());
    jest.advanceTimersByTime(99);
    expect(e.expiredAt).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(e.expiredAt).toBeDefined();
  });

  test('a stream of exact starts expires each entry exactly on time, in order', () => {
    // Durations measured (a metrics listener) with the breaker's timeout: every call brings its
    // own start, and most only append to the lane while the timer stays armed for the head.
    const { deadlines, entry, log } = setup();
    const t0 = performance.now();
    const entries: Entry[] = [];
    for (let i = 0; i < 40; i++) {
      const e = entry(`e${i}`);
      entries.push(e);
      deadlines.add(e, 100, performance.now());
      if (i % 3 === 0) deadlines.settle(e);
      jest.advanceTimersByTime(i % 4 === 0 ? 0 : 7);
    }
    jest.advanceTimersByTime(400);
    const live = entries.filter((_, i) => i % 3 !== 0);
    expect(log).toEqual(live.map((e) => e.name));
    for (const e of live) expect(e.expiredAt! - (e.at - 100)).toBe(100);
    for (const e of entries.filter((_, i) => i % 3 === 0)) expect(e.expiredAt).toBeUndefined();
    expect(entries.map((e) => e.at - t0)).toEqual(
      [...entries.map((e) => e.at - t0)].sort((a, b) => a - b),
    );
    expect(deadlines.pending).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('an exact start stamps the entries queued before it, and later ones still get stamped', () => {
    const { deadlines, entry } = setup();
    const t0 = performance.now();
    const early = entry('early');
    deadlines.add(early, 3_200); // stamped at t0 (the first add reads the clock)
    jest.advanceTimersByTime(10);
    const unstamped = entry('unstamped');
    deadlines.add(unstamped, 3_200); // within 1/32 of the timeout: no clock read, no stamp yet
    expect(Number.isNaN(unstamped.at)).toBe(true);
    jest.advanceTimersByTime(10);
    deadlines.add(entry('exact'), 3_200, performance.now());
    expect(unstamped.at).toBe(t0 + 20 + 3_200);
    jest.advanceTimersByTime(10);
    const after = entry('after');
    deadlines.add(after, 3_200);
    deadlines.add(entry('exact2'), 3_200, performance.now());
    expect(after.at).toBe(t0 + 30 + 3_200);
    expect(early.at).toBe(t0 + 3_200);
  });

  test('settled entries never expire, and nothing is re-armed once all have settled', () => {
    const { deadlines, log, entry } = setup();
    expect(jest.getTimerCount()).toBe(0);
    const entries = Array.from({ length: 1_000 }, (_, i) => entry(`e${i}`));
    for (const e of entries) deadlines.add(e, 1_000);
    expect(jest.getTimerCount()).toBe(1);
    // Settle in a scrambled order, the head last, so the queue must drop settled entries.
    for (let i = 1; i < entries.length; i++) deadlines.settle(entries[(i * 7) % 1_000]!);
    deadlines.settle(entries[0]!);
    expect(deadlines.pending).toBe(0);
    jest.advanceTimersByTime(10_000);
    expect(log).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a slow head does not keep the settled entries behind it alive', () => {
    const { deadlines, log, entry } = setup();
    const head = entry('head');
    deadlines.add(head, 1_000);
    for (let i = 0; i < 10_000; i++) {
      const e = entry(`e${i}`);
      deadlines.add(e, 1_000);
      deadlines.settle(e);
    }
    // Every 1/32 of the timeout the timer stamps newcomers: it stays armed while one is pending.
    const lane = (deadlines as unknown as { lanes: Map<number, { tail: number }> }).lanes.get(
      1_000,
    );
    expect(lane!.tail).toBeLessThan(100);
    jest.advanceTimersByTime(1_000);
    expect(log).toEqual(['head']);
    expect(deadlines.pending).toBe(0);
  });

  test('one timer at a time, armed only while something is in flight', () => {
    const { deadlines, entry } = setup();
    let most = 0;
    for (let i = 0; i < 500; i++) {
      const e = entry(`e${i}`);
      deadlines.add(e, 10_000);
      most = Math.max(most, jest.getTimerCount());
      deadlines.settle(e);
      jest.advanceTimersByTime(5);
    }
    expect(most).toBe(1);
    jest.advanceTimersByTime(10_000);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('calls within 1/32 of the timeout arm the timer once and read no clock', () => {
    const reads = { n: 0 };
    const deadlines = new Deadlines(
      () => {},
      () => {
        reads.n++;
        return performance.now();
      },
    );
    const armed = jest.spyOn(globalThis, 'setTimeout');
    for (let i = 0; i < 300; i++) {
      const e = new Entry(`e${i}`, []);
      deadlines.add(e, 10_000);
      deadlines.settle(e);
      if (i % 100 === 99) jest.advanceTimersByTime(100);
    }
    expect(armed).toHaveBeenCalledTimes(1);
    expect(reads.n).toBe(1);
    armed.mockRestore();
  });

  test('timeouts past setTimeout range re-arm and fire on time, never early', () => {
    const { deadlines, entry } = setup();
    const t0 = performance.now();
    const past = entry('2^31');
    const month = entry('30 days');
    const days30 = 30 * 24 * 3_600_000;
    deadlines.add(past, 2 ** 31);
    deadlines.add(month, days30);
    jest.advanceTimersByTime(2 ** 31 - 1);
    expect(past.expiredAt).toBeUndefined();
    jest.advanceTimersByTime(2 ** 31 / 32 + 1);
    expect(past.expiredAt! - t0).toBeGreaterThanOrEqual(2 ** 31);
    expect(month.expiredAt).toBeUndefined();
    jest.advanceTimersByTime(days30 - (performance.now() - t0) - 1);
    expect(month.expiredAt).toBeUndefined();
    jest.advanceTimersByTime(days30 / 32 + 1);
    expect(month.expiredAt! - t0).toBeGreaterThanOrEqual(days30);
  });

  test('an expiry that throws is reported and the others still expire', () => {
    const { deadlines, log, faults, entry } = setup();
    const bad = entry('bad');
    bad.expire = () => {
      throw new Error('expire failed');
    };
    deadlines.add(bad, 10);
    const good = entry('good');
    deadlines.add(good, 10);
    jest.advanceTimersByTime(20);
    expect(log).toEqual(['good']);
    expect(faults).toEqual([new Error('expire failed')]);
  });

  test('an expiry that adds an entry arms the timer for it', () => {
    const { deadlines, log, entry } = setup();
    const chained = entry('chained');
    const first = entry('first');
    first.expire = () => deadlines.add(chained, 50);
    deadlines.add(first, 10);
    jest.advanceTimersByTime(10);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(60);
    expect(log).toEqual(['chained']);
  });
});

describe('Deadlines in a real process', () => {
  test('pending deadlines do not keep the process alive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluxgate-deadlines-'));
    try {
      const source = readFileSync(join(__dirname, 'deadlines.ts'), 'utf8');
      const { code } = transformSync(source, {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      writeFileSync(join(dir, 'deadlines.cjs'), code);
      writeFileSync(
        join(dir, 'child.cjs'),
        `const { Deadlines } = require('./deadlines.cjs');
         class Entry { at = NaN; done = false; lane = undefined; expire() { console.log('expired'); } }
         const deadlines = new Deadlines(() => {});
         for (const timeout of [60000, 2 ** 40, 5000]) deadlines.add(new Entry(), timeout);
         console.log('pending', deadlines.pending);`,
      );
      const started = Date.now();
      const out = execFileSync(process.execPath, [join(dir, 'child.cjs')], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(out.trim()).toBe('pending 3');
      // Far below the shortest deadline: the unref'd timer did not hold the process.
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
