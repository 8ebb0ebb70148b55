import { type BucketTotals, type FleetState, isState } from '@fluxgate/core';

/** A script's reply did not have the expected shape (another program wrote the keys?). */
function malformed(what: string): never {
  throw new TypeError(`RedisStore: unexpected reply from Redis for ${what}`);
}

/** `value` as a finite number, or a malformed-reply error naming `what`. */
export function finite(value: unknown, what: string): number {
  const n = Number(value);
  if (typeof value !== 'string' && typeof value !== 'number') malformed(what);
  if (!Number.isFinite(n)) malformed(what);
  return n;
}

/** Parses a script's view `{ state, generation, reopens, changedAt, retryAt, time }`. */
export function parseView(view: unknown): FleetState {
  if (!Array.isArray(view) || view.length !== 6) malformed('the circuit state');
  const [state, generation, reopens, changedAt, retryAt, time] = view as unknown[];
  if (!isState(state)) malformed('the circuit state');
  return {
    state,
    generation: finite(generation, 'the generation'),
    reopens: finite(reopens, 'the reopen count'),
    changedAt: changedAt === '' ? null : finite(changedAt, 'changedAt'),
    retryAt:
      state !== 'open' || retryAt === ''
        ? null
        : retryAt === 'inf'
          ? Number.POSITIVE_INFINITY
          : finite(retryAt, 'retryAt'),
    time: finite(time, 'the time'),
  };
}

/**
 * Parses the sync script's flat window: per bucket `bucket, calls, failures, duration, n`, then
 * `n` pairs of `threshold, count`. Integers arrive as numbers, duration and thresholds as
 * strings; a partial reply holds only a bucket or two, so this is cheap.
 */
export function parseWindow(flat: unknown): BucketTotals[] {
  if (!Array.isArray(flat)) malformed('the window');
  const out: BucketTotals[] = [];
  let i = 0;
  while (i < flat.length) {
    if (i + 5 > flat.length) malformed('the window');
    const bucket = finite(flat[i], 'a window bucket');
    const calls = finite(flat[i + 1], 'a bucket count');
    const failures = finite(flat[i + 2], 'a failure count');
    const duration = finite(flat[i + 3], 'a duration');
    const n = finite(flat[i + 4], 'a slow count');
    i += 5;
    if (n < 0 || i + 2 * n > flat.length) malformed('the window');
    const slow: [number, number][] = [];
    for (let j = 0; j < n; j++, i += 2) {
      slow.push([finite(flat[i], 'a slow threshold'), finite(flat[i + 1], 'a slow count')]);
    }
    out.push({ bucket, calls, failures, duration, slow });
  }
  return out;
}

/** Encodes deltas for the sync script: `[[bucket, calls, failures, duration, slow], ...]`. */
export function encodeDeltas(deltas: readonly BucketTotals[]): string {
  return JSON.stringify(
    deltas.map((d) => [d.bucket, d.calls, d.failures, d.duration, d.slow.filter((s) => s[1] > 0)]),
  );
}
