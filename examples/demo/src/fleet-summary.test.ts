import { FleetLog } from './fleet-log';
import { formatFleetSummary, summarizeFleet } from './fleet-summary';

const NAMES = ['A', 'B', 'C'];

function storyLog(): FleetLog {
  const log = new FleetLog();
  log.redisDown = { from: 1_000, to: 2_000 };
  // Every instance calls every 100 ms from 0 to 4 s; from 3 s on the calls fail.
  for (let at = 50; at < 4_000; at += 100) {
    for (const instance of NAMES) {
      const result = at >= 3_000 ? 'failed' : 'ok';
      log.calls.push({ instance, at, result, overheadMs: at === 1_550 ? 0.8 : 0.1 });
    }
  }
  log.calls.push({ instance: 'C', at: 4_100, result: 'rejected', overheadMs: 0.05 });
  log.faults.push(
    ...NAMES.map((instance) => ({ instance, at: 1_010, name: 'StoreUnavailableError' })),
    { instance: 'A', at: 3_990, name: 'SlackPostError' },
  );
  const signal = { windowCalls: 60, windowFailures: 30 };
  log.signals.push(
    { instance: 'B', at: 4_000, from: 'closed', to: 'open', origin: 'local', ...signal },
    { instance: 'A', at: 4_020, from: 'closed', to: 'open', origin: 'fleet', ...signal },
    { instance: 'C', at: 4_035, from: 'closed', to: 'open', origin: 'fleet', ...signal },
    { instance: 'A', at: 5_000, from: 'open', to: 'half_open', origin: 'local', ...signal },
    { instance: 'B', at: 5_010, from: 'open', to: 'half_open', origin: 'fleet', ...signal },
  );
  log.probes.push([5_000, 5_200], [5_100, 5_300], [5_200, 5_400]);
  log.posts.push(
    { at: 4_010, text: '#payments-alerts message 1: 🚨 Circuit Breaker Triggered', reply: false },
    { at: 5_010, text: '#payments-alerts message 2, reply to 1: 🔄 Attempting', reply: true },
  );
  return log;
}

describe('summarizeFleet', () => {
  const summary = summarizeFleet(storyLog(), {
    instances: NAMES,
    durationMs: 6_000,
    window: 2_000,
    finalStates: { A: 'half_open', B: 'half_open', C: 'half_open' },
  });

  it('tallies calls', () => {
    expect(summary.calls).toEqual({ ok: 90, failed: 30, rejected: 1, broken: 0, total: 121 });
  });

  it('finds the local trip, who adopted it and each instance share of its window', () => {
    expect(summary.trip).toEqual({
      by: 'B',
      at: 4_000,
      windowCalls: 60,
      windowFailures: 30,
      ownCalls: { A: 20, B: 20, C: 20 },
      adoptedBy: ['A', 'C'],
      adoptedWithinMs: 35,
    });
    expect(summary.localTransitions.map((t) => `${t.by} ${t.to}`)).toEqual([
      'B open',
      'A half_open',
    ]);
    expect(summary.fleetSignals).toBe(3);
  });

  it('counts the posts, the probes in flight at once and the Redis outage', () => {
    expect(summary.slack).toEqual({ posts: 2, topLevel: 1, triggered: 1 });
    // [5000,5200] and [5100,5300] overlap; the third starts as the first ends.
    expect(summary.probes).toEqual({ total: 3, maxInFlight: 2, cap: 2 });
    expect(summary.redisDown).toEqual({
      from: 1_000,
      to: 2_000,
      calls: { ok: 30, failed: 0, rejected: 0, broken: 0, total: 30 },
      maxOverheadMs: 0.8,
      reports: { A: 1, B: 1, C: 1 },
    });
  });

  it('formats one line per fact', () => {
    const text = formatFleetSummary(summary).join('\n');
    expect(text).toContain(
      "at 4.0 s B opened the circuit on the fleet's window: 30 of 60 calls failed",
    );
    expect(text).toContain('A 20, B 20, C 20 — none reaches MinRequests(30) alone');
    expect(text).toContain("A, C adopted it ('fleet') within 35 ms");
    expect(text).toContain(
      'at most 2 in flight fleet-wide (maxHalfOpenCalls 2; 3 instances on their own could have had 6)',
    );
    expect(text).toContain('30 calls meanwhile, 30 ok, 0 failed, 0 broken');
    expect(text).toContain('the breaker added at most 0.80 ms to a call');
    expect(text).toContain('2 posts for 2 transitions (each posted once');
    expect(text).toContain(
      'threads: 1 top-level post, 1 reply — one thread for the incident, whichever instance posted\n',
    );
    expect(text).toContain('re-synced');
    expect(text).toContain('at the end    A half_open, B half_open, C half_open');
  });

  it('says so when nothing tripped and Redis was never stopped', () => {
    const quiet = summarizeFleet(new FleetLog(), {
      instances: NAMES,
      durationMs: 1_000,
      window: 2_000,
      finalStates: { A: 'closed', B: 'closed', C: 'closed' },
    });
    expect(quiet.trip).toBeNull();
    expect(quiet.redisDown).toBeNull();
    const text = formatFleetSummary(quiet).join('\n');
    expect(text).toContain('the circuit never opened');
    expect(text).toContain('redis-server was not stopped');
  });
});
