import type { Metric, Signal, State } from '@fluxgate/core';
import { TRIP_RULE } from './breaker';
import { duration, explainSignal, percent, plural } from './format';

function signal(
  newState: State,
  counts: { total: number; failed: number; slow?: number },
  oldState: State = 'closed',
): Signal {
  const metrics: Metric = {
    totalCount: counts.total,
    failureCount: counts.failed,
    totalDuration: 0,
    slowCounts: new Map([[1_000, counts.slow ?? 0]]),
    avgDuration: null,
    failureRate: counts.total === 0 ? null : counts.failed / counts.total,
    slowRate: () => null,
  };
  const consecutiveFailures = newState === 'open' ? TRIP_RULE.streak : 0;
  return {
    oldState,
    newState,
    timestamp: 0,
    metrics,
    reopens: 0,
    consecutiveFailures,
    origin: 'local',
  };
}

describe('explainSignal', () => {
  it('names the failure streak when neither rate rule was met', () => {
    expect(explainSignal(signal('open', { total: 93, failed: 9 }), 1_000)).toBe(
      '5 failures in a row (9 of 93 calls failed)',
    );
  });

  it('gives the window when a rate rule tripped the circuit', () => {
    expect(explainSignal(signal('open', { total: 20, failed: 0, slow: 20 }), 1_000)).toBe(
      '0 of 20 calls failed, 20 slow (≥ 1.0 s)',
    );
    expect(explainSignal(signal('open', { total: 40, failed: 20 }), 1_000)).toBe(
      '20 of 40 calls failed',
    );
  });

  it('tells a failed probe from a slow sample when half_open reopens', () => {
    expect(explainSignal(signal('open', { total: 3, failed: 1 }, 'half_open'), 1_000)).toBe(
      'a probe failed (1 of 3 calls failed)',
    );
    expect(
      explainSignal(signal('open', { total: 5, failed: 0, slow: 5 }, 'half_open'), 1_000),
    ).toBe('0 of 5 calls failed, 5 slow (≥ 1.0 s)');
  });

  it('says nothing about an empty window and no streak when the circuit closes', () => {
    expect(explainSignal(signal('half_open', { total: 0, failed: 0 }), 1_000)).toBeNull();
    expect(explainSignal(signal('closed', { total: 1, failed: 0 }), 1_000)).toBe(
      '0 of 1 call failed',
    );
  });
});

describe('small formats', () => {
  it('formats rates, durations and counts', () => {
    expect(percent(null)).toBe('–');
    expect(percent(0.625)).toBe('63%');
    expect(duration(850)).toBe('850 ms');
    expect(duration(1_234)).toBe('1.2 s');
    expect(duration(12_000)).toBe('12 s');
    expect(plural(1, 'call')).toBe('1 call');
    expect(plural(2, 'call')).toBe('2 calls');
  });
});
