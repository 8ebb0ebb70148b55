import type { CallRecord, Metric } from '../metric';
import { invalid, positiveInteger } from '../validate';
import { RunningMetric } from './running-metric';
import { Window } from './window';

const NO_FLAGS = new Uint8Array(0);
/** Failure flags per word of {@link CountWindow}'s bit set: a word stays a small integer. */
const WORD_BITS = 16;
const WORD_SHIFT = 4;

/**
 * The largest {@link CountWindow} size: about 10 MB with durations measured. A bigger count is
 * better served by a `TimeWindow`, whose memory does not grow with the traffic.
 */
export const MAX_COUNT_WINDOW_SIZE = 1_000_000;

/**
 * The last `size` recorded calls, in a ring buffer: O(1) per call, one bit per slot, plus 8
 * bytes once durations are measured and one per slot and SlowRate threshold.
 *
 * @example
 * ```ts
 * // Trip when half of the last 50 calls failed, once there are at least 20.
 * new CircuitBreaker({
 *   window: new CountWindow(50),
 *   tripper: new MinRequests(20).and(new FailureRate(0.5)),
 * });
 * ```
 */
export class CountWindow extends Window {
  /** How many calls the window holds. */
  readonly size: number;
  private readonly live = new RunningMetric();
  /**
   * One failure flag per slot, 16 to a word, in a plain array of small integers: a typed array
   * costs two objects and a backing store besides its bytes (about 280 bytes for the default
   * 100 slots against about 100 here), and a service with a breaker per host keeps thousands.
   */
  private readonly failed: number[];
  /** Allocated with the first measured duration: a breaker that does not measure never needs it. */
  private durations: Float64Array | null = null;
  /** One flag per slot and threshold: slot * thresholds + threshold index. */
  private slowFlags = NO_FLAGS;
  private next = 0;
  /**
   * The (empty) thresholds of the calls {@link record} may take its short path for: set while
   * the window keeps no durations and counts no slow calls, null otherwise.
   */
  private plainSlowAt: readonly number[] | null = null;

  constructor(size: number) {
    super();
    this.size = positiveInteger('CountWindow', 'size', size);
    if (size > MAX_COUNT_WINDOW_SIZE) {
      invalid('CountWindow', 'size', `<= ${MAX_COUNT_WINDOW_SIZE} (MAX_COUNT_WINDOW_SIZE)`, size);
    }
    // Packed and at its exact length (growing by push would leave spare capacity).
    this.failed = Array.from({ length: Math.ceil(size / WORD_BITS) }, () => 0);
  }

  override get timed(): boolean {
    return false;
  }

  record(call: CallRecord): void {
    if (call.duration !== 0 || call.slowAt !== this.plainSlowAt) {
      this.recordMeasured(call);
      return;
    }
    // No durations, no thresholds (the default): only the failure flags. Kept small, so V8
    // inlines it into the breaker's call path.
    const live = this.live;
    const slot = this.next;
    const words = this.failed;
    const i = slot >> WORD_SHIFT;
    const bit = 1 << (slot & (WORD_BITS - 1));
    const word = words[i]!;
    if (live.totalCount < this.size) live.totalCount++;
    else if ((word & bit) !== 0) live.failureCount--;
    if (call.success) {
      words[i] = word & ~bit;
    } else {
      words[i] = word | bit;
      live.failureCount++;
    }
    this.next = slot + 1 === this.size ? 0 : slot + 1;
  }

  /** The failure flag of `slot`: 0 or 1. */
  private flag(slot: number): number {
    return (this.failed[slot >> WORD_SHIFT]! >> (slot & (WORD_BITS - 1))) & 1;
  }

  private setFlag(slot: number, failed: number): void {
    const i = slot >> WORD_SHIFT;
    const bit = 1 << (slot & (WORD_BITS - 1));
    const word = this.failed[i]!;
    this.failed[i] = failed === 1 ? word | bit : word & ~bit;
  }

  /** {@link record} for a window that keeps durations or counts slow calls. */
  private recordMeasured(call: CallRecord): void {
    const live = this.live;
    if (call.slowAt !== live.thresholds && !live.tracks(call.slowAt)) this.track(call.slowAt);
    const slot = this.next;
    const k = live.thresholds.length;
    const duration = call.duration;
    let durations = this.durations;
    if (durations === null && duration !== 0)
      durations = this.durations = new Float64Array(this.size);
    if (live.totalCount === this.size) {
      // Full: the oldest call leaves as the new one takes its slot.
      live.totalCount--;
      live.failureCount -= this.flag(slot);
      if (durations !== null) live.totalDuration -= durations[slot];
      for (let i = 0; i < k; i++) live.slow[i] -= this.slowFlags[slot * k + i];
    }
    const failed = call.success ? 0 : 1;
    this.setFlag(slot, failed);
    if (durations !== null) durations[slot] = duration;
    live.totalCount++;
    live.failureCount += failed;
    live.totalDuration += duration;
    for (let i = 0; i < k; i++) {
      const slow = duration >= live.thresholds[i] ? 1 : 0;
      this.slowFlags[slot * k + i] = slow;
      live.slow[i] += slow;
    }
    this.next = slot + 1 === this.size ? 0 : slot + 1;
    this.plainSlowAt = durations === null && k === 0 ? live.thresholds : null;
  }

  metric(): Metric {
    return this.live;
  }

  reset(): void {
    this.live.clear();
    this.next = 0;
  }

  private track(thresholds: readonly number[]): void {
    // A new set of thresholds: start over, since old calls were not classified against it.
    this.live.track(thresholds);
    this.slowFlags =
      thresholds.length === 0 ? NO_FLAGS : new Uint8Array(this.size * thresholds.length);
    this.reset();
  }
}
