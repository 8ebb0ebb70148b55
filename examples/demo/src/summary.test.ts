import { emptyCounts, type Transition } from './recorder';
import { buildScript } from './script';
import { formatSummary, summarize } from './summary';

const script = buildScript(1); // outage at 5 s, brownout at 13 s, recovery at 20 s
const t = (at: number, from: Transition['from'], to: Transition['to']): Transition => ({
  at,
  from,
  to,
  why: null,
});
const base = {
  script,
  durationMs: 30_000,
  totals: { ...emptyCounts(), ok: 10, failed: 2, rejected: 7, fallback: 9 },
  rejectedIn: { healthy: 1, outage: 4, brownout: 2, recovery: 0 },
};

describe('summarize', () => {
  it('measures detection from the outage start and recovery from the recovery start', () => {
    const summary = summarize({
      ...base,
      transitions: [
        t(5_300, 'closed', 'open'),
        t(8_500, 'open', 'half_open'),
        t(8_600, 'half_open', 'open'),
        t(21_000, 'open', 'half_open'),
        t(21_250, 'half_open', 'closed'),
      ],
    });
    expect(summary.detectOutageMs).toBe(300);
    expect(summary.recoverMs).toBe(1_250);
    expect(summary.falseRecoveries).toBe(0);
    expect(summary.finalState).toBe('closed');
    expect(formatSummary(summary).join('\n')).toContain(
      'closed 1.3 s after the upstream recovered, never while the upstream was still unhealthy',
    );
    expect(summary.transitions.map((x) => x.phase)).toEqual([
      'outage',
      'outage',
      'outage',
      'recovery',
      'recovery',
    ]);
  });

  it('counts a close while the upstream was still unhealthy as a false recovery', () => {
    const summary = summarize({
      ...base,
      transitions: [
        t(5_300, 'closed', 'open'),
        t(14_000, 'open', 'half_open'),
        t(14_300, 'half_open', 'closed'),
        t(14_700, 'closed', 'open'),
        t(21_000, 'open', 'half_open'),
        t(21_250, 'half_open', 'closed'),
      ],
    });
    expect(summary.falseRecoveries).toBe(1);
    expect(formatSummary(summary).join('\n')).toContain(
      'it closed 1 time too early, while the upstream was still unhealthy',
    );
  });

  it('counts as spared only the calls rejected while the upstream was unhealthy', () => {
    const summary = summarize({ ...base, transitions: [] });
    expect(summary.spared).toBe(6);
    expect(summary.sparedIn).toEqual({ outage: 4, brownout: 2 });
    expect(summary.calls.total).toBe(19);
  });

  it('says when the circuit never opened, or had not recovered by the end', () => {
    const never = summarize({ ...base, transitions: [] });
    expect(never.detectOutageMs).toBeNull();
    expect(never.recoverMs).toBe(0);
    const stuck = summarize({ ...base, transitions: [t(5_100, 'closed', 'open')] });
    expect(stuck.recoverMs).toBeNull();
    expect(formatSummary(stuck).join('\n')).toContain('not yet: the circuit is open');
    expect(formatSummary(never).join('\n')).toContain('the outage was never detected');
  });

  it('ignores an opening before the outage when measuring detection', () => {
    const summary = summarize({
      ...base,
      transitions: [
        t(1_000, 'closed', 'open'),
        t(2_000, 'open', 'half_open'),
        t(2_100, 'half_open', 'closed'),
        t(6_000, 'closed', 'open'),
      ],
    });
    expect(summary.detectOutageMs).toBe(1_000);
  });

  it('formats every transition with its time, phase and reason', () => {
    const summary = summarize({
      ...base,
      transitions: [{ at: 5_300, from: 'closed', to: 'open', why: '5 failures in a row' }],
    });
    expect(formatSummary(summary)).toContainEqual(
      '    5.3 s  closed → open (outage) — 5 failures in a row',
    );
  });
});
