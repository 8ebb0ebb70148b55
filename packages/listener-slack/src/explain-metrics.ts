import type { Metric, Signal } from '@fluxgate/core';

function percent(ratio: number): string {
  const value = ratio * 100;
  // 0.4% must not read as "0%", nor 99.6% as "100%": keep one decimal near the ends.
  const rounded = Math.round(value);
  if ((rounded === 0 && value > 0) || (rounded === 100 && value < 100)) {
    return `${value.toFixed(1)}%`;
  }
  return `${rounded}%`;
}

/** Formats a duration in ms the way an on-call reader scans it: "850 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Says what the window held when the circuit moved, e.g. "62% of 100 calls failed · average
 * 240 ms · 40% of calls took ≥ 500 ms". `null` when the window was empty (nothing to explain,
 * as after open -> half_open or a manual control on an idle breaker).
 */
export function explainMetrics(metrics: Metric): string | null {
  const total = metrics.totalCount;
  if (total === 0 || metrics.failureRate === null) return null;
  const parts = [`${percent(metrics.failureRate)} of ${plural(total, 'call')} failed`];
  if (metrics.avgDuration !== null) parts.push(`average ${formatDuration(metrics.avgDuration)}`);
  for (const threshold of [...metrics.slowCounts.keys()].sort((a, b) => a - b)) {
    const rate = metrics.slowRate(threshold);
    if (rate !== null && rate > 0) {
      parts.push(`${percent(rate)} of calls took ≥ ${formatDuration(threshold)}`);
    }
  }
  return parts.join(' · ');
}

/**
 * The label and text of the "why" field of a post, or `null` when there is nothing to say.
 * Transitions to open explain why the circuit tripped; other transitions describe the calls
 * that led to them (e.g. the probes before a recovery).
 */
export function explainSignal(signal: Signal): { label: string; text: string } | null {
  let text = explainMetrics(signal.metrics);
  // A FailureStreak rule trips on failures in a row that the window's rate may not show.
  if (signal.newState === 'open' && signal.consecutiveFailures > 1) {
    const streak = `${signal.consecutiveFailures} failures in a row`;
    text = text === null ? streak : `${streak} · ${text}`;
  }
  if (signal.newState === 'open' && signal.reopens > 0) {
    const reopened = `reopened ${plural(signal.reopens, 'time')} since it was last closed`;
    text = text === null ? reopened : `${text} · ${reopened}`;
  }
  if (text === null) return null;
  return { label: signal.newState === 'open' ? 'Why it tripped' : 'Recent calls', text };
}
