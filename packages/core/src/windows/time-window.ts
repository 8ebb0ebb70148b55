import type { CallRecord, Metric } from '../metric';
import { checkOptions, invalid, positiveFinite } from '../validate';
import { RunningMetric } from './running-metric';
import { Window } from './window';

/** The most buckets one window may have (memory is a few dozen bytes per bucket). */
export const MAX_TIME_WINDOW_BUCKETS = 1_000_000;

const OPTION_KEYS = ['bucketMs'] as const;

/** Options of {@link TimeWindow}. */
export interface TimeWindowOptions {
  /**
   * Width of one bucket in ms (default 1000, or `durationMs` if that is shorter; at most
   * `durationMs`). Calls age out one bucket at a time.
   */
  bucketMs?: number | undefined;
}

/**
 * The calls of the last `durationMs` milliseconds, kept as per-bucket totals in a ring: O(1)
 * per call and memory proportional to `durationMs / bucketMs`, however many calls arrive.
 * The window is the current bucket and the ones before it, `ceil(durationMs / bucketMs)` in
 * all, so a call stays between `durationMs - bucketMs` and `durationMs` (rounded up to whole
 * buckets) before it ages out — the same granularity as the Python library.
 *
 * @example
 * ```ts
 * // Trip when 30% of the calls of the last 10 s took a second or more.
 * new AsyncCircuitBreaker({
 *   window: new TimeWindow(10_000),
 *   tripper: new MinRequests(20).and(new SlowRate(0.3, { threshold: 1_000 })),
 * });
 * ```
 */
export class TimeWindow extends Window {
  /** How far back the window reaches, in ms. */
  readonly durationMs: number;
  /** Width of one bucket in ms. */
  readonly bucketMs: number;
  private readonly live = new RunningMetric();
  private readonly buckets: number;
  /** The bucket number (time / bucketMs) each slot holds; stale tags mean an empty slot. */
  private readonly tags: Float64Array;
  private readonly counts: Float64Array;
  private readonly failures: Float64Array;
  private readonly durations: Float64Array;
  private slow = new Float64Array(0);
  /** The newest bucket number seen. */
  private current = Number.NEGATIVE_INFINITY;

  constructor(durationMs: number, options?: TimeWindowOptions) {
    super();
    this.durationMs = positiveFinite('TimeWindow', 'durationMs', durationMs);
    const { bucketMs } = checkOptions('TimeWindow', 'options', options, OPTION_KEYS);
    this.bucketMs =
      bucketMs === undefined
        ? Math.min(1000, this.durationMs)
        : positiveFinite('TimeWindow', 'bucketMs', bucketMs);
    if (this.bucketMs > this.durationMs) {
      invalid('TimeWindow', 'bucketMs', `<= durationMs (${this.durationMs})`, this.bucketMs);
    }
    this.buckets = Math.ceil(this.durationMs / this.bucketMs);
    if (this.buckets > MAX_TIME_WINDOW_BUCKETS) {
      invalid(
        'TimeWindow',
        'bucketMs',
        `>= durationMs / ${MAX_TIME_WINDOW_BUCKETS} (${this.durationMs / MAX_TIME_WINDOW_BUCKETS})`,
        this.bucketMs,
      );
    }
    this.tags = new Float64Array(this.buckets).fill(Number.NEGATIVE_INFINITY);
    this.counts = new Float64Array(this.buckets);
    this.failures = new Float64Array(this.buckets);
    this.durations = new Float64Array(this.buckets);
  }

  record(call: CallRecord): void {
    const live = this.live;
    if (call.slowAt !== live.thresholds && !live.tracks(call.slowAt)) this.track(call.slowAt);
    // A clock that stepped back files the call in the newest bucket rather than the past.
    const bucket = Math.max(Math.floor(call.at / this.bucketMs), this.current);
    this.advance(bucket);
    const slot = this.slotOf(bucket);
    if (this.tags[slot] !== bucket) this.clearSlot(slot, bucket);
    const duration = call.duration;
    const failed = call.success ? 0 : 1;
    this.counts[slot]++;
    this.failures[slot] += failed;
    this.durations[slot] += duration;
    live.totalCount++;
    live.failureCount += failed;
    live.totalDuration += duration;
    const k = live.thresholds.length;
    for (let i = 0; i < k; i++) {
      if (duration >= live.thresholds[i]) {
        this.slow[slot * k + i]++;
        live.slow[i]++;
      }
    }
  }

  metric(now?: number): Metric {
    if (now !== undefined && Number.isFinite(now)) this.advance(Math.floor(now / this.bucketMs));
    return this.live;
  }

  reset(): void {
    this.live.clear();
    this.tags.fill(Number.NEGATIVE_INFINITY);
  }

  /** Moves the newest bucket forward to `bucket`, subtracting the buckets that age out. */
  private advance(bucket: number): void {
    if (bucket <= this.current) return;
    if (bucket - this.current >= this.buckets) {
      // Everything aged out; the slots' stale tags mark them empty.
      this.live.clear();
      this.current = bucket;
      return;
    }
    const live = this.live;
    const k = live.thresholds.length;
    // Counted steps, not `b++` up to `bucket`: past 2 ** 53 `b + 1 === b` and that never ends.
    const steps = bucket - this.current;
    for (let step = 1; step <= steps; step++) {
      const b = this.current + step;
      const slot = this.slotOf(b);
      if (this.tags[slot] === b - this.buckets) {
        live.totalCount -= this.counts[slot];
        live.failureCount -= this.failures[slot];
        live.totalDuration -= this.durations[slot];
        for (let i = 0; i < k; i++) live.slow[i] -= this.slow[slot * k + i];
      }
      this.clearSlot(slot, b);
    }
    // Subtracting float durations can leave dust such as 1e-13 behind an empty window.
    if (live.totalCount === 0) live.clear();
    this.current = bucket;
  }

  private slotOf(bucket: number): number {
    const slot = bucket % this.buckets;
    return slot < 0 ? slot + this.buckets : slot;
  }

  private clearSlot(slot: number, bucket: number): void {
    this.tags[slot] = bucket;
    this.counts[slot] = 0;
    this.failures[slot] = 0;
    this.durations[slot] = 0;
    const k = this.live.thresholds.length;
    for (let i = 0; i < k; i++) this.slow[slot * k + i] = 0;
  }

  private track(thresholds: readonly number[]): void {
    this.live.track(thresholds);
    this.slow = new Float64Array(this.buckets * thresholds.length);
    this.reset();
  }
}
