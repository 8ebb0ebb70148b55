import type { Attributes, Histogram } from '@opentelemetry/api';

// Recording in the SDK histogram costs about a microsecond per value (it hashes the attributes
// every time), many times the breaker itself, so the call path only files each duration in its
// bucket here and the SDK receives the values when it collects.
//
// The OpenTelemetry API has no way to hand over a pre-aggregated histogram: `record` takes one
// value. So the collection replays one value per call, chosen so the SDK ends with exactly the
// state eager recording would have left: the same count per bucket, the same minimum and
// maximum, and the same sum. The sum is what needs care, because floating-point addition
// depends on order. Durations are therefore kept in whole ticks of 2^-24 s (about 60 ns, finer
// than the clock on the machines this runs on): sums of ticks are exact integers, every partial
// sum of tick values is exact in a double, and the order of the additions no longer matters.

/** Ticks per second: durations are recorded as whole multiples of 2^-24 s. */
export const TICKS_PER_SECOND = 2 ** 24;

/** A histogram's bucket bounds, in seconds and in ticks, as the call path reads them. */
class Bounds {
  readonly seconds: Float64Array;
  readonly ticks: Float64Array;

  constructor(bounds: readonly number[]) {
    this.seconds = Float64Array.from(bounds);
    this.ticks = Float64Array.from(bounds, (bound) => bound * TICKS_PER_SECOND);
  }

  /** The SDK's bucket of a value: the first bound at or above it, else the overflow bucket. */
  bucketOf(seconds: number): number {
    const bounds = this.seconds;
    let index = 0;
    while (index < bounds.length && seconds > bounds[index]!) index++;
    return index;
  }

  /** The whole ticks recorded for `seconds` in bucket `index`, never across one of its bounds. */
  ticksOf(seconds: number, index: number): number {
    let ticks = Math.round(seconds * TICKS_PER_SECOND);
    const upper = this.ticks;
    if (index < upper.length && ticks > upper[index]!) ticks = Math.floor(upper[index]!);
    if (index > 0 && ticks <= upper[index - 1]!) ticks = Math.floor(upper[index - 1]!) + 1;
    return ticks;
  }
}

/** The duration in seconds that {@link DurationAccumulator} records for a call of `ms` ms. */
export function recordedSeconds(ms: number, bounds: readonly number[]): number {
  const b = new Bounds(bounds);
  const seconds = ms / 1000;
  return b.ticksOf(seconds, b.bucketOf(seconds)) / TICKS_PER_SECOND;
}

// Per bucket, four numbers side by side: count, sum, minimum and maximum (in ticks).
const COUNT = 0;
const SUM = 1;
const MIN = 2;
const MAX = 3;
const STRIDE = 4;

/** The durations of one circuit and outcome since the last collection, per bucket, in ticks. */
export class DurationAccumulator {
  private readonly bounds: Bounds;
  private readonly buckets: Float64Array;
  private pending = 0;

  constructor(
    bounds: readonly number[],
    private readonly attributes: Attributes,
  ) {
    this.bounds = new Bounds(bounds);
    this.buckets = new Float64Array((bounds.length + 1) * STRIDE);
  }

  /** Files one duration. Negative, NaN and infinite durations are dropped, as the SDK drops them. */
  add(ms: number): void {
    if (!(ms >= 0) || ms === Number.POSITIVE_INFINITY) return;
    const seconds = ms / 1000;
    const index = this.bounds.bucketOf(seconds);
    const ticks = this.bounds.ticksOf(seconds, index);
    const b = this.buckets;
    const at = index * STRIDE;
    const count = b[at + COUNT]!;
    if (count === 0 || ticks < b[at + MIN]!) b[at + MIN] = ticks;
    if (count === 0 || ticks > b[at + MAX]!) b[at + MAX] = ticks;
    b[at + COUNT] = count + 1;
    b[at + SUM] = b[at + SUM]! + ticks;
    this.pending++;
  }

  /**
   * Records everything filed since the last replay in `histogram` and starts over. Per bucket:
   * its minimum, its maximum, and the rest spread evenly in whole ticks (values one tick apart
   * that stay within the bucket's minimum and maximum and add up to its exact sum).
   */
  replay(histogram: Histogram): void {
    if (this.pending === 0) return;
    const { attributes, buckets: b } = this;
    const record = (ticks: number) => histogram.record(ticks / TICKS_PER_SECOND, attributes);
    for (let at = 0; at < b.length; at += STRIDE) {
      const count = b[at + COUNT]!;
      if (count === 0) continue;
      const min = b[at + MIN]!;
      const max = b[at + MAX]!;
      record(min);
      if (count > 1) {
        record(max);
        const rest = count - 2;
        const restSum = b[at + SUM]! - min - max;
        const low = rest === 0 ? 0 : Math.floor(restSum / rest);
        const high = restSum - low * rest; // how many of the rest get one tick more
        for (let i = 0; i < rest; i++) record(i < high ? low + 1 : low);
      }
      b[at + COUNT] = 0;
      b[at + SUM] = 0;
    }
    this.pending = 0;
  }
}
