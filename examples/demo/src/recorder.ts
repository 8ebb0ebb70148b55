import type { State } from '@fluxgate/core';
import type { PhaseName } from './script';

/** How one call ended, as the demo's caller saw it. */
export type CallResult = 'ok' | 'failed' | 'rejected';

/** Call counts over some stretch of time. */
export interface Counts {
  ok: number;
  /** Of the ok calls, those that took at least the slow threshold. */
  slow: number;
  /** The upstream failed: a non-2xx answer, a refused connection, a timeout. */
  failed: number;
  /** The breaker rejected the call at once (`CallNotPermittedError`). */
  rejected: number;
  /** The caller got the cached quote instead of an error. */
  fallback: number;
}

/** A state change, in ms since the demo began. */
export interface Transition {
  readonly at: number;
  readonly from: State;
  readonly to: State;
  /** What the window held, when it had anything to say (see `explainSignal`). */
  readonly why: string | null;
}

/** One call, for the timeline. */
export interface CallMark {
  /** When it ended, in ms since the demo began. */
  readonly at: number;
  readonly result: CallResult;
}

/** The breaker as sampled for the timeline. */
export interface Sample {
  readonly at: number;
  readonly failureRate: number | null;
  readonly slowRate: number | null;
}

/** Zero counts. */
export function emptyCounts(): Counts {
  return { ok: 0, slow: 0, failed: 0, rejected: 0, fallback: 0 };
}

/** Collects what happens during the demo: calls, transitions and timeline samples. */
export class Recorder {
  readonly totals = emptyCounts();
  /** Rejected calls per phase of the upstream when they were rejected. */
  readonly rejectedIn: Record<PhaseName, number> = {
    healthy: 0,
    outage: 0,
    brownout: 0,
    recovery: 0,
  };
  readonly calls: CallMark[] = [];
  readonly transitions: Transition[] = [];
  readonly samples: Sample[] = [];
  private current = emptyCounts();

  /** Counts one call that ended `at` ms after the start. */
  call(
    at: number,
    result: CallResult,
    details: { slow: boolean; fallback: boolean; phase: PhaseName },
  ): void {
    this.calls.push({ at, result });
    for (const counts of [this.totals, this.current]) {
      counts[result]++;
      if (details.slow) counts.slow++;
      if (details.fallback) counts.fallback++;
    }
    if (result === 'rejected') this.rejectedIn[details.phase]++;
  }

  /** The counts since the last call of `takeCounts`, which starts a new period. */
  takeCounts(): Counts {
    const counts = this.current;
    this.current = emptyCounts();
    return counts;
  }
}
