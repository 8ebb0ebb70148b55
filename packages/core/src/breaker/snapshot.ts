import { isEpochInRange } from '../render';
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
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    refuse(`${field} must be a non-negative integer`);
  }
  return value;
}

/** Reads every own field once into a plain record, so no getter is consulted twice. */
function copyFields(value: object): Record<string, unknown> {
  let keys: string[] = [];
  const copy = Object.create(null) as Record<string, unknown>;
  try {
    keys = Object.keys(value);
  } catch {
    refuse('its fields could not be listed');
  }
  for (const key of keys) if (!KEYS.includes(key)) refuse(`unknown field '${key}'`);
  try {
    for (const key of keys) copy[key] = (value as Record<string, unknown>)[key];
  } catch {
    refuse('its fields could not be read');
  }
  return copy;
}

/**
 * Checks every field of a snapshot before anything is applied, so a malformed or foreign
 * snapshot is refused whole with a `TypeError`. Each own field is read exactly once (a getter
 * cannot pass the check with one value and restore another). Times must be epoch ms that a
 * `Date` can represent (within ±8.64e15): `changedAt: 1e300` is refused, not clamped. A
 * `changedAt` later than `now` (a snapshot from a host whose clock runs ahead) is clamped to
 * `now`, so a restored half_open episode or open period is not measured from the future.
 *
 * @param now the current epoch ms, `Date.now()` by default.
 */
export function parseSnapshot(value: unknown, now: number = Date.now()): BreakerSnapshot {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    refuse('expected an object from snapshot()');
  }
  const s = copyFields(value);
  if (s.format !== SNAPSHOT_FORMAT) refuse(`format must be '${SNAPSHOT_FORMAT}'`);
  const state = s.state;
  if (!isState(state)) refuse('state must be one of the six states');
  const changedAt = s.changedAt;
  if (!isEpochInRange(changedAt)) {
    refuse('changedAt must be epoch ms within ±8.64e15 (what a Date can hold)');
  }
  const reopens = count(s.reopens, 'reopens');
  const consecutiveFailures = count(s.consecutiveFailures, 'consecutiveFailures');
  const retryAt = s.retryAt;
  if (retryAt !== null && retryAt !== Number.POSITIVE_INFINITY && !isEpochInRange(retryAt)) {
    refuse('retryAt must be null, Infinity or epoch ms within ±8.64e15 (what a Date can hold)');
  }
  if (state !== 'open' && retryAt !== null) refuse('retryAt must be null unless state is open');
  return {
    format: SNAPSHOT_FORMAT,
    state,
    changedAt: Number.isFinite(now) ? Math.min(changedAt, now) : changedAt,
    reopens,
    retryAt,
    consecutiveFailures,
  };
}
