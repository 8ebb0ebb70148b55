import { type BucketTotals, type FleetState, isState } from '@fluxgate/core';

/** A script's reply did not have the expected shape (another program wrote the keys?). */
function malformed(what: string): never {
  throw new TypeError(`RedisStore: unexpected reply from Redis for ${what}`);
}

function finite(value: unknown, what: string): number {
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

/** Parses the window's fields (`'<bucket>:c|f|d'`, `'<bucket>:s:<threshold>'`) into buckets. */
export function parseWindow(flat: unknown): BucketTotals[] {
  if (!Array.isArray(flat) || flat.length % 2 !== 0) malformed('the window');
  const byBucket = new Map<
    number,
    { bucket: number; calls: number; failures: number; duration: number; slow: [number, number][] }
  >();
  for (let i = 0; i < flat.length; i += 2) {
    const field = String(flat[i]);
    const value = finite(flat[i + 1], 'a window field');
    const [bucketText, kind, threshold] = field.split(':');
    const bucket = finite(bucketText, 'a window bucket');
    let totals = byBucket.get(bucket);
    if (totals === undefined) {
      totals = { bucket, calls: 0, failures: 0, duration: 0, slow: [] };
      byBucket.set(bucket, totals);
    }
    if (kind === 'c') totals.calls = value;
    else if (kind === 'f') totals.failures = value;
    else if (kind === 'd') totals.duration = value;
    else if (kind === 's') totals.slow.push([finite(threshold, 'a slow threshold'), value]);
  }
  return [...byBucket.values()].sort((a, b) => a.bucket - b.bucket);
}

/** Encodes deltas for the sync script: `[[bucket, calls, failures, duration, slow], ...]`. */
export function encodeDeltas(deltas: readonly BucketTotals[]): string {
  return JSON.stringify(
    deltas.map((d) => [d.bucket, d.calls, d.failures, d.duration, d.slow.filter((s) => s[1] > 0)]),
  );
}
