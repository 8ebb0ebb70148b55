import type { RunningMetric } from '../windows/running-metric';
import type { BucketTotals } from './circuit-store';

/**
 * One layer of per-bucket totals in a ring of slots (the fleet's, the batch in flight, the
 * outcomes not sent yet). Typed arrays, so adding a call allocates nothing.
 */
export class BucketLayer {
  readonly counts: Float64Array;
  readonly failures: Float64Array;
  readonly durations: Float64Array;
  /** Slow counts, `slots * thresholds` entries, slot-major. */
  readonly slow: Float64Array;
  /** Slots holding anything, so a layer can be listed and cleared without a full scan. */
  private used = 0;

  constructor(
    private readonly slots: number,
    private readonly k: number,
  ) {
    this.counts = new Float64Array(slots);
    this.failures = new Float64Array(slots);
    this.durations = new Float64Array(slots);
    this.slow = new Float64Array(slots * k);
  }

  /** Whether any slot holds a call. */
  get empty(): boolean {
    return this.used === 0;
  }

  /** Adds one call to `slot`. */
  add(slot: number, failed: number, duration: number, thresholds: readonly number[]): void {
    if (this.counts[slot] === 0) this.used++;
    this.counts[slot]++;
    this.failures[slot] += failed;
    this.durations[slot] += duration;
    const k = this.k;
    for (let i = 0; i < k; i++) if (duration >= thresholds[i]) this.slow[slot * k + i]++;
  }

  /** Adds a bucket's totals to `slot` and to `live`. */
  addTotals(
    slot: number,
    totals: BucketTotals,
    thresholds: readonly number[],
    live: RunningMetric,
  ) {
    if (!(totals.calls > 0)) return;
    if (this.counts[slot] === 0) this.used++;
    this.counts[slot] += totals.calls;
    this.failures[slot] += totals.failures;
    this.durations[slot] += totals.duration;
    live.totalCount += totals.calls;
    live.failureCount += totals.failures;
    live.totalDuration += totals.duration;
    for (const [threshold, count] of totals.slow) {
      const i = thresholds.indexOf(threshold);
      if (i < 0 || i >= this.k) continue;
      this.slow[slot * this.k + i] += count;
      live.slow[i] += count;
    }
  }

  /** Takes `slot` out of `live` and empties it. */
  drop(slot: number, live: RunningMetric): void {
    if (this.counts[slot] === 0) return;
    this.used--;
    live.totalCount -= this.counts[slot];
    live.failureCount -= this.failures[slot];
    live.totalDuration -= this.durations[slot];
    const k = this.k;
    for (let i = 0; i < k; i++) {
      live.slow[i] -= this.slow[slot * k + i];
      this.slow[slot * k + i] = 0;
    }
    this.counts[slot] = 0;
    this.failures[slot] = 0;
    this.durations[slot] = 0;
  }

  /** Takes every slot out of `live`. */
  dropAll(live: RunningMetric): void {
    for (let slot = 0; this.used > 0 && slot < this.slots; slot++) this.drop(slot, live);
  }

  /** The non-empty slots as bucket totals (`bucketOf` maps a slot to its bucket number). */
  list(thresholds: readonly number[], bucketOf: (slot: number) => number): BucketTotals[] {
    const out: BucketTotals[] = [];
    for (let slot = 0; out.length < this.used && slot < this.slots; slot++) {
      if (this.counts[slot] === 0) continue;
      const slow: [number, number][] = [];
      for (let i = 0; i < this.k; i++) slow.push([thresholds[i], this.slow[slot * this.k + i]]);
      out.push({
        bucket: bucketOf(slot),
        calls: this.counts[slot],
        failures: this.failures[slot],
        duration: this.durations[slot],
        slow,
      });
    }
    return out;
  }

  /** Moves every slot of this layer into `other` (totals in `live` are unchanged). */
  moveTo(other: BucketLayer): void {
    const k = this.k;
    for (let slot = 0; this.used > 0 && slot < this.slots; slot++) {
      if (this.counts[slot] === 0) continue;
      if (other.counts[slot] === 0) other.used++;
      other.counts[slot] += this.counts[slot];
      other.failures[slot] += this.failures[slot];
      other.durations[slot] += this.durations[slot];
      for (let i = 0; i < k; i++) {
        other.slow[slot * k + i] += this.slow[slot * k + i];
        this.slow[slot * k + i] = 0;
      }
      this.counts[slot] = 0;
      this.failures[slot] = 0;
      this.durations[slot] = 0;
      this.used--;
    }
  }
}
