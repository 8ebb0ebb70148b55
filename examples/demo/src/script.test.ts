import { buildScript, isUnhealthy, phaseStart, scriptEnd, segmentAt, withEnd } from './script';
import { demoSettings, FAST_SCALE } from './settings';

describe('the phase script', () => {
  const script = buildScript(1);

  it('runs healthy, outage (503s, then down), brownout, recovery back to back from 0', () => {
    expect(script.map((s) => s.label)).toEqual([
      'healthy',
      'outage: 503s',
      'outage: down',
      'brownout: slow',
      'recovery',
    ]);
    expect(script[0]!.start).toBe(0);
    for (let i = 1; i < script.length; i++) expect(script[i]!.start).toBe(script[i - 1]!.end);
    expect(scriptEnd(script)).toBe(30_000);
  });

  it('has a few % errors when healthy, mostly 503s or refusals in the outage, slow 200s in the brownout', () => {
    const [healthy, errors, down, brownout, recovery] = script;
    expect(healthy!.errorRate).toBeLessThanOrEqual(0.05);
    expect(errors!.errorRate).toBeGreaterThanOrEqual(0.8);
    expect(down!.down).toBe(true);
    expect(brownout!.errorRate).toBeLessThanOrEqual(0.05);
    expect(brownout!.latency[0]).toBeGreaterThan(1_000);
    expect(recovery!.latency[1]).toBeLessThan(100);
  });

  it('finds the segment at a time; the last one after the end', () => {
    expect(segmentAt(script, 0).label).toBe('healthy');
    expect(segmentAt(script, 4_999).label).toBe('healthy');
    expect(segmentAt(script, 5_000).label).toBe('outage: 503s');
    expect(segmentAt(script, 7_000).label).toBe('outage: down');
    expect(segmentAt(script, 99_000).label).toBe('recovery');
    expect(phaseStart(script, 'brownout')).toBe(13_000);
    expect(phaseStart([], 'outage')).toBeNull();
  });

  it('scales durations and latencies for --fast, keeping the story', () => {
    const fast = buildScript(FAST_SCALE);
    expect(scriptEnd(fast)).toBeCloseTo(30_000 * FAST_SCALE);
    expect(fast[3]!.latency[0]).toBeCloseTo(1_300 * FAST_SCALE);
    const settings = demoSettings({ fast: true, seed: 1 });
    // A brownout call is slow but does not time out, at either speed.
    for (const s of [settings, demoSettings({ fast: false, seed: 1 })]) {
      const brownout = s.script[3]!;
      expect(brownout.latency[0]).toBeGreaterThan(s.slowThreshold);
      expect(brownout.latency[1]).toBeLessThan(s.timeout);
    }
  });

  it('calls only the outage and the brownout unhealthy', () => {
    expect(
      ['healthy', 'outage', 'brownout', 'recovery'].map((p) => isUnhealthy(p as never)),
    ).toEqual([false, true, true, false]);
  });
});

describe('withEnd', () => {
  it('stretches the last segment to a later end, and leaves an earlier one alone', () => {
    const script = buildScript(1);
    const end = scriptEnd(script);
    const longer = withEnd(script, end + 500);
    expect(longer.slice(0, -1)).toEqual(script.slice(0, -1));
    expect(longer.at(-1)).toEqual({ ...script.at(-1)!, end: end + 500 });
    expect(withEnd(script, end - 1)).toBe(script);
  });
});
