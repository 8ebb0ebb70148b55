import { MetricSnapshot } from '../metric';
import { readMetric } from './consult';
import type { CircuitBreakerInfo } from './info';
import { type BreakerSnapshot, SNAPSHOT_FORMAT } from './snapshot';
import type { StateMachine } from './state-machine';

// The circuit's facts (state, reopens, changedAt, retryAt, streak) as the outside world sees
// them: epoch ms instead of the breaker's monotonic time.

/** What `info()` returns; a half_open episode past `maxHalfOpenWait` reopens first. @internal */
export function infoOf(m: StateMachine): CircuitBreakerInfo {
  const now = m.now();
  m.expireEpisode(now);
  return {
    state: m.state,
    changedAt: m.time.toEpoch(m.changedAt),
    reopens: m.reopens,
    retryAt: m.state === 'open' ? m.time.toEpoch(m.retryAt) : null,
    metrics: MetricSnapshot.of(readMetric(m.window, now, m.report), m.measure),
  };
}

/** What `snapshot()` returns: JSON has no Infinity, so a retry of "never" is saved as null. @internal */
export function snapshotOf(m: StateMachine): BreakerSnapshot {
  const retryAt = m.state === 'open' ? m.time.toEpoch(m.retryAt) : null;
  return {
    format: SNAPSHOT_FORMAT,
    state: m.state,
    changedAt: m.time.toEpoch(m.changedAt),
    reopens: m.reopens,
    retryAt: retryAt !== null && Number.isFinite(retryAt) ? retryAt : null,
    consecutiveFailures: m.consecutiveFailures,
  };
}

/** Applies a parsed snapshot while the breaker is being constructed. @internal */
export function restoreFacts(m: StateMachine, snapshot: BreakerSnapshot): void {
  m.state = snapshot.state;
  m.changedAt = m.time.fromEpoch(snapshot.changedAt);
  m.reopens = snapshot.reopens;
  m.consecutiveFailures = snapshot.consecutiveFailures;
  m.retryAt =
    snapshot.state !== 'open'
      ? Number.NaN
      : snapshot.retryAt === null
        ? Number.POSITIVE_INFINITY
        : m.time.fromEpoch(snapshot.retryAt);
}
