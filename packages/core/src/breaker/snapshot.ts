import { isState, type State } from '../state';

/** Marks a snapshot as one of ours, in this format. */
export const SNAPSHOT_FORMAT = 'fluxgate.breaker/1';

/**
 * A breaker's state as plain JSON, from `snapshot()`; give it to a new breaker as
 * `initialState` to carry an open circuit across a restart or a serverless cold start.
 * Times are epoch ms. The window is not part of it: a restored breaker starts with an empty
 * window.
 *
 * @example
 * ```ts
 * await cache.set('payments-breaker', JSON.stringify(breaker.snapshot()));
 * // ... in the next process:
 * const saved = await cache.get('payments-breaker');
 * const breaker = new AsyncCircuitBreaker({ initialState: saved ? JSON.parse(saved) : undefined });
 * ```
 */
export interface BreakerSnapshot {
  /** Always `'fluxgate.breaker/1'`. */
  readonly format: typeof SNAPSHOT_FORMAT;
  /** The state to restore. */
  readonly state: State;
  /** Epoch ms of the last transition. */
  readonly changedAt: number;
  /** half_open -> open transitions since the circuit was last closed. */
  readonly reopens: number;
  /**
   * Epoch ms at which an open circuit admits a probe; `null` unless open. An open circuit whose
   * retry is `Never` is saved with `null` too (JSON has no Infinity) and restores as never.
   */
  readonly retryAt: number | null;
  /** Failures in a row at the time of the snapshot. */
  readonly consecutiveFailures: number;
}

const KEYS = ['format', 'state', 'changedAt', 'reopens', 'retryAt', 'consecutiveFailures'];

function refuse(reason: string): never {
  throw new TypeError(`CircuitBreaker: initialState is not a fluxgate breaker snapshot: ${reason}`);
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    refuse(`${field} must be a non-negative integer`);
  }
  return value;
}

/**
 * Checks every field of a snapshot before anything is applied, so a malformed or foreign
 * snapshot is refused whole with a `TypeError`.
 */
export function parseSnapshot(value: unknown): BreakerSnapshot {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    refuse('expected an object from snapshot()');
  }
  const s = value as Record<string, unknown>;
  if (s.format !== SNAPSHOT_FORMAT) refuse(`format must be '${SNAPSHOT_FORMAT}'`);
  for (const key of Object.keys(s)) {
    if (!KEYS.includes(key)) refuse(`unknown field '${key}'`);
  }
  if (!isState(s.state)) refuse('state must be one of the six states');
  if (typeof s.changedAt !== 'number' || !Number.isFinite(s.changedAt)) {
    refuse('changedAt must be a finite number (epoch ms)');
  }
  const reopens = count(s.reopens, 'reopens');
  const consecutiveFailures = count(s.consecutiveFailures, 'consecutiveFailures');
  const retryAt = s.retryAt;
  if (retryAt !== null && (typeof retryAt !== 'number' || Number.isNaN(retryAt))) {
    refuse('retryAt must be a number (epoch ms) or null');
  }
  if (s.state !== 'open' && retryAt !== null) refuse('retryAt must be null unless state is open');
  return {
    format: SNAPSHOT_FORMAT,
    state: s.state,
    changedAt: s.changedAt,
    reopens,
    retryAt: retryAt as number | null,
    consecutiveFailures,
  };
}
