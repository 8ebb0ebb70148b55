import type { Metric, Signal } from '@fluxgate/core';
import { RECOVERY_RULE, TRIP_RULE } from './breaker';

/** `0.62` -> `62%`; null (an empty window) -> `–`. */
export function percent(ratio: number | null): string {
  return ratio === null ? '–' : `${Math.round(ratio * 100)}%`;
}

/** A duration for people: `850 ms`, `1.2 s`, `12 s`. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** `1 call`, `5 calls`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * What the window held when a transition happened, e.g. `5 of 5 calls failed` or
 * `1 of 21 calls failed, 21 slow (≥ 1.0 s)`; null when the window was empty. When the circuit
 * opened although no rate rule was met, a failure tripped it: a failed probe in half_open, or
 * the failure streak the signal carries in closed, and it says so.
 */
export function explainSignal(signal: Signal, slowThreshold: number): string | null {
  const metrics: Metric = signal.metrics;
  const total = metrics.totalCount;
  if (total === 0) return null;
  let text = `${metrics.failureCount} of ${plural(total, 'call')} failed`;
  const slow = metrics.slowCounts.get(slowThreshold) ?? 0;
  if (slow > 0) text += `, ${slow} slow (≥ ${duration(slowThreshold)})`;
  const probing = signal.oldState === 'half_open';
  const rateRuleMet = probing
    ? total >= RECOVERY_RULE.probesToClose && slow / total >= TRIP_RULE.slowRate
    : total >= TRIP_RULE.minRequests &&
      ((metrics.failureRate ?? 0) >= TRIP_RULE.failureRate || slow / total >= TRIP_RULE.slowRate);
  if (signal.newState === 'open' && !rateRuleMet) {
    text = probing
      ? `a probe failed (${text})`
      : `${signal.consecutiveFailures} failures in a row (${text})`;
  }
  return text;
}
