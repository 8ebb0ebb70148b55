// Hand-made signals for unit tests.
import { MetricSnapshot, type Signal, type State } from '@fluxgate/core';

/** 2023-11-14 22:13:20 UTC. */
export const T0 = 1_700_000_000_000;

/** A window of `total` calls of which `failures` failed (durations unmeasured unless given). */
export function window(
  total: number,
  failures: number,
  { totalDuration, slow }: { totalDuration?: number; slow?: [number, number][] } = {},
): MetricSnapshot {
  return new MetricSnapshot(
    total,
    failures,
    totalDuration ?? 0,
    new Map(slow ?? []),
    totalDuration !== undefined,
  );
}

/** A signal for `old -> next`, with an empty window unless `metrics` is given. */
export function signal(
  oldState: State,
  newState: State,
  extra: Partial<
    Pick<Signal, 'metrics' | 'reopens' | 'timestamp' | 'consecutiveFailures' | 'origin'>
  > = {},
): Signal {
  return {
    oldState,
    newState,
    timestamp: extra.timestamp ?? T0,
    metrics: extra.metrics ?? MetricSnapshot.empty(),
    reopens: extra.reopens ?? 0,
    consecutiveFailures: extra.consecutiveFailures ?? 0,
    origin: extra.origin ?? 'local',
  };
}
