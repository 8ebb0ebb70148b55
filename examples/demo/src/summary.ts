// The end-of-run summary: computed from what the recorder saw (pure), then formatted.
import type { State } from '@fluxgate/core';
import { duration, plural } from './format';
import type { Counts, Transition } from './recorder';
import { isUnhealthy, type PhaseName, phaseStart, type Segment, segmentAt } from './script';

/** What the demo found, also written as `summary.json`. */
export interface Summary {
  readonly durationMs: number;
  readonly calls: Counts & { readonly total: number };
  /** Calls rejected fast while the upstream was failing or slow: they never reached it. */
  readonly spared: number;
  readonly sparedIn: Readonly<Partial<Record<PhaseName, number>>>;
  readonly transitions: readonly (Transition & { readonly phase: PhaseName })[];
  /** From the start of the outage to the circuit opening; null if it never opened. */
  readonly detectOutageMs: number | null;
  /**
   * From the upstream's recovery to the circuit closing for good; 0 if it was closed already;
   * null if it had not closed by the end.
   */
  readonly recoverMs: number | null;
  /**
   * Times the circuit closed while the upstream was still failing or slow (and so had to trip
   * again): a recovery decided on too little evidence.
   */
  readonly falseRecoveries: number;
  readonly finalState: State;
}

/** The input of {@link summarize}. */
export interface RunRecord {
  readonly script: readonly Segment[];
  readonly durationMs: number;
  readonly totals: Counts;
  readonly rejectedIn: Readonly<Record<PhaseName, number>>;
  readonly transitions: readonly Transition[];
}

function stateAt(transitions: readonly Transition[], at: number): State {
  let state: State = 'closed';
  for (const t of transitions) if (t.at <= at) state = t.to;
  return state;
}

/** Computes the summary of a run. */
export function summarize(run: RunRecord): Summary {
  const { script, transitions, totals } = run;
  const outage = phaseStart(script, 'outage');
  const recovery = phaseStart(script, 'recovery');
  const opened =
    outage === null
      ? undefined
      : transitions.find((t) => t.at >= outage && t.from === 'closed' && t.to === 'open');
  const finalState = transitions[transitions.length - 1]?.to ?? 'closed';
  let recoverMs: number | null = null;
  if (recovery !== null && finalState === 'closed') {
    const lastClose = transitions.filter((t) => t.to === 'closed' && t.at >= recovery).pop();
    const closedAtRecovery = stateAt(transitions, recovery) === 'closed';
    recoverMs = lastClose === undefined ? (closedAtRecovery ? 0 : null) : lastClose.at - recovery;
  }
  const sparedIn: Partial<Record<PhaseName, number>> = {};
  let spared = 0;
  for (const [phase, count] of Object.entries(run.rejectedIn) as [PhaseName, number][]) {
    if (!isUnhealthy(phase) || count === 0) continue;
    sparedIn[phase] = count;
    spared += count;
  }
  const phased = transitions.map((t) => ({ ...t, phase: segmentAt(script, t.at).phase }));
  return {
    durationMs: run.durationMs,
    calls: { ...totals, total: totals.ok + totals.failed + totals.rejected },
    spared,
    sparedIn,
    transitions: phased,
    detectOutageMs: opened === undefined || outage === null ? null : opened.at - outage,
    recoverMs,
    falseRecoveries: phased.filter(
      (t) => t.from === 'half_open' && t.to === 'closed' && isUnhealthy(t.phase),
    ).length,
    finalState,
  };
}

/** The summary as terminal lines. */
export function formatSummary(summary: Summary): string[] {
  const { calls } = summary;
  const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
  const lines = [
    `calls         ${calls.total}: ${calls.ok} ok (${calls.slow} slow), ${calls.failed} failed, ${calls.rejected} rejected fast; ${calls.fallback} answered from the cache`,
  ];
  const where = Object.entries(summary.sparedIn)
    .map(([phase, count]) => `${count} in the ${phase}`)
    .join(', ');
  lines.push(
    `spared        ${plural(summary.spared, 'call')} never reached the failing upstream${where ? ` (${where})` : ''}`,
  );
  lines.push(
    summary.detectOutageMs === null
      ? 'detected      the outage was never detected'
      : `detected      the outage ${duration(summary.detectOutageMs)} after it began`,
  );
  let recovered: string;
  if (summary.recoverMs === null) recovered = `not yet: the circuit is ${summary.finalState}`;
  else if (summary.recoverMs === 0)
    recovered = 'the circuit was closed when the upstream recovered';
  else recovered = `closed ${duration(summary.recoverMs)} after the upstream recovered`;
  if (summary.falseRecoveries > 0) {
    recovered += `; it closed ${plural(summary.falseRecoveries, 'time')} too early, while the upstream was still unhealthy`;
  } else if (summary.recoverMs !== null && summary.recoverMs > 0) {
    recovered += ', never while the upstream was still unhealthy';
  }
  lines.push(`recovered     ${recovered}`);
  lines.push(`transitions   ${plural(summary.transitions.length, 'transition')}:`);
  for (const t of summary.transitions) {
    const why = t.why === null ? '' : ` — ${t.why}`;
    lines.push(`  ${seconds(t.at).padStart(7)}  ${t.from} → ${t.to} (${t.phase})${why}`);
  }
  return lines;
}
