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

/** The seconds the histogram receives for a duration of `ms` milliseconds in bucket `index`. */
function ticksOf(ms: number, bounds: readonly number[], index: number): number {
  let ticks = Math.round((ms / 1000) * TICKS_PER_SECOND);
  // Rounding must never move a value across a bucket bound (bucket i is (bounds[i-1], bounds[i]]).
  if (index < bounds.length && ticks > bounds[index]! * TICKS_PER_SECOND) {
    ticks = Math.floor(bounds[index]! * TICKS_PER_SECOND);
  }
  if (index > 0 && ticks <= bounds[index - 1]! * TICKS_PER_SECOND) {
    ticks = Math.floor(bounds[index - 1]! * TICKS_PER_SECOND) + 1;
  }
  return ticks;
}

/** The duration in seconds that {@link DurationAccumulator} records for a call of `ms` ms. */
export function recordedSeconds(ms: number, bounds: readonly number[]): number {
  return ticksOf(ms, bounds, bucketOf(ms / 1000, bounds)) / TICKS_PER_SECOND;
}

/** The SDK's bucket of a value: the first bound at or above it, else the overflow bucket. */
function bucketOf(seconds: number, bounds: readonly number[]): number {
  let index = 0;
  while (index < bounds.length && seconds > bounds[index]!) index++;
  return index;
}

/** The durations of one circuit and outcome since the last collection, per bucket, in ticks. */
export class DurationAccumulator {
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private pending = 0;

  constructor(
    private readonly bounds: readonly number[],
    private readonly attributes: Attributes,
  ) {
    const buckets = bounds.length + 1;
    this.count = new Float64Array(buckets);
    this.sum = new Float64Array(buckets);
    this.min = new Float64Array(buckets);
    this.max = new Float64Array(buckets);
  }

  /** Files one duration. Negative, NaN and infinite durations are dropped, as the SDK drops them. */
  add(ms: number): void {
    if (!(ms >= 0) || ms === Number.POSITIVE_INFINITY) return;
    const index = bucketOf(ms / 1000, this.bounds);
    const ticks = ticksOf(ms, this.bounds, index);
    const count = this.count[index]!;
    if (count === 0 || ticks < this.min[index]!) this.min[index] = ticks;
    if (count === 0 || ticks > this.max[index]!) this.max[index] = ticks;
    this.count[index] = count + 1;
    this.sum[index] = this.sum[index]! + ticks;
    this.pending++;
  }

  /**
   * Records everything filed since the last replay in `histogram` and starts over. Per bucket:
   * its minimum, its maximum, and the rest spread evenly in whole ticks (values one tick apart
   * that stay within the bucket's minimum and maximum and add up to its exact sum).
   */
  replay(histogram: Histogram): void {
    if (this.pending === 0) return;
    const { attributes } = this;
    const record = (ticks: number) => histogram.record(ticks / TICKS_PER_SECOND, attributes);
    for (let index = 0; index < this.count.length; index++) {
      const count = this.count[index]!;
      if (count === 0) continue;
      const min = this.min[index]!;
      const max = this.max[index]!;
      if (count === 1) {
        record(min);
      } else {
        record(min);
        record(max);
        const rest = count - 2;
        const restSum = this.sum[index]! - min - max;
        const low = rest === 0 ? 0 : Math.floor(restSum / rest);
        const high = restSum - low * rest; // how many of the rest get one tick more
        for (let i = 0; i < rest; i++) record(i < high ? low + 1 : low);
      }
      this.count[index] = 0;
      this.sum[index] = 0;
    }
    this.pending = 0;
  }
}
