import type { CallRecord, Metric } from '../metric';
import { RunningMetric } from '../windows/running-metric';
import { Window } from '../windows/window';
import { BucketLayer } from './bucket-layer';
import type { BucketTotals, SyncRequest } from './circuit-store';
import type { FleetClock } from './fleet-clock';

/**
 * The window a breaker with a store reads: the fleet's totals from the last reply, plus this
 * instance's outcomes the store has not acknowledged yet (the batch in flight and the ones not
 * sent). An acknowledged batch is part of the fleet's totals, so nothing is counted twice.
 * Buckets are numbered in store time, like the store's, and age out the same way as in a
 * `TimeWindow`. While the store is unreachable the pending layer keeps growing and the window
 * switches to {@link localOnly}: the tripper then decides on this instance's own calls, as a
 * breaker without a store would, rather than on fleet totals that no longer arrive.
 *
 * @example
 * ```ts
 * const window = link.window;                  // a FleetLink's window
 * window.metric(now).failureRate;              // the fleet's failure rate, ours included
 * ```
 */
export class FleetWindow extends Window {
  private readonly live = new RunningMetric();
  /** This instance's own outcomes in the window, acknowledged or not: the local view. */
  private readonly ownLive = new RunningMetric();
  private readonly slots: number;
  /** Bucket number each slot holds; a stale tag means the slot is empty in every layer. */
  private readonly tags: Float64Array;
  private readonly fleet: BucketLayer;
  private readonly inFlight: BucketLayer;
  private readonly pending: BucketLayer;
  private readonly own: BucketLayer;
  private current = Number.NEGATIVE_INFINITY;
  /** Whether the pending outcomes hold a failure or a slow call (they can move a tripper). */
  private pendingUrgent = false;
  /** The least slow-call threshold: a call this long or longer is slow. */
  private readonly slowFrom: number;
  /** The store's version of the window the fleet layer holds (0: none, ask for all of it). */
  private heldVersion = 0;

  constructor(
    /** How far back the window reaches, ms. */
    readonly durationMs: number,
    /** Width of one bucket, ms. */
    readonly bucketMs: number,
    private readonly thresholds: readonly number[],
    private readonly clock: FleetClock,
    /**
     * Called when the first outcome of a new batch is recorded, and again when the first
     * failure or slow call joins a batch of successes; `urgent` says the batch holds one.
     */
    private readonly onPending: (urgent: boolean) => void,
  ) {
    super();
    this.slots = Math.ceil(durationMs / bucketMs);
    this.tags = new Float64Array(this.slots).fill(Number.NEGATIVE_INFINITY);
    const k = thresholds.length;
    this.fleet = new BucketLayer(this.slots, k);
    this.inFlight = new BucketLayer(this.slots, k);
    this.pending = new BucketLayer(this.slots, k);
    this.own = new BucketLayer(this.slots, k);
    this.slowFrom = Math.min(...thresholds);
    this.live.track(thresholds);
    this.ownLive.track(thresholds);
  }

  /**
   * Set while the store is unavailable: {@link metric} reports this instance's own outcomes
   * only (today's local behaviour). Cleared when the store answers again.
   */
  localOnly = false;

  /** How many buckets the window holds. */
  get buckets(): number {
    return this.slots;
  }

  /** The store's window version the fleet layer holds, for {@link SyncRequest.since}. */
  get version(): number {
    return this.heldVersion;
  }

  /** Whether outcomes wait to be sent. */
  get hasPending(): boolean {
    return !this.pending.empty;
  }

  /** Whether the pending outcomes hold a failure or a slow call. */
  get urgent(): boolean {
    return this.pendingUrgent;
  }

  /** Whether a batch waits for the store's acknowledgement. */
  get hasInFlight(): boolean {
    return !this.inFlight.empty;
  }

  record(call: CallRecord): void {
    const bucket = Math.max(this.bucketAt(call.at), this.current);
    this.advance(bucket);
    const slot = this.slotOf(bucket);
    const first = this.pending.empty;
    const failed = call.success ? 0 : 1;
    this.pending.add(slot, failed, call.duration, this.thresholds);
    this.own.add(slot, failed, call.duration, this.thresholds);
    count(this.live, failed, call.duration, this.thresholds);
    count(this.ownLive, failed, call.duration, this.thresholds);
    const urgent = failed === 1 || call.duration >= this.slowFrom;
    if (first || (urgent && !this.pendingUrgent)) {
      this.pendingUrgent = urgent;
      this.onPending(urgent);
    }
  }

  metric(now?: number): Metric {
    if (now !== undefined && Number.isFinite(now)) this.advance(this.bucketAt(now));
    return this.localOnly ? this.ownLive : this.live;
  }

  /** Forgets everything: a new generation starts with an empty window, fleet-wide. */
  reset(): void {
    this.fleet.dropAll(this.live);
    this.inFlight.dropAll(this.live);
    this.pending.dropAll(this.live);
    this.own.dropAll(this.ownLive);
    this.live.clear();
    this.ownLive.clear();
    this.heldVersion = 0;
    this.pendingUrgent = false;
  }

  /** The pending outcomes as a batch; they stay counted, now as in flight. */
  takeBatch(): BucketTotals[] {
    const batch = this.pending.list(this.thresholds, (slot) => this.tags[slot]);
    this.pending.moveTo(this.inFlight);
    this.pendingUrgent = false;
    return batch;
  }

  /**
   * The store answered: the batch in flight is now part of the fleet's window (or was refused,
   * e.g. for an ended generation). A full reply replaces the fleet layer; a `partial` one
   * replaces only the buckets it holds (the others have not changed since `since`, the version
   * the request was sent with). A window reset while the request was out no longer holds that
   * version: the buckets received are kept and the next request asks for all of them. A
   * batch that got no answer stays in flight and is sent again as it was, under the same
   * sequence number, so a store that did apply it skips it.
   */
  acknowledge(
    fleetWindow: readonly BucketTotals[],
    now: number,
    version = 0,
    partial = false,
    since = 0,
  ): void {
    this.inFlight.dropAll(this.live);
    if (!partial) this.fleet.dropAll(this.live);
    let whole = !partial || since === this.heldVersion;
    // The store's clock may be a bucket ahead of our mapping of it (half a round-trip): follow
    // it that far. A bucket further ahead is not taken, and a partial reply that held one
    // leaves the window asking for all of it next time, so nothing it sent only once is lost.
    const ahead = this.bucketAt(now) + 1;
    let latest = this.bucketAt(now);
    for (const totals of fleetWindow) {
      if (totals.bucket > latest && totals.bucket <= ahead) latest = totals.bucket;
    }
    this.advance(latest);
    for (const totals of fleetWindow) {
      if (totals.bucket <= this.current - this.slots) continue;
      const slot = this.slotOf(totals.bucket);
      if (totals.bucket > this.current || this.tags[slot] !== totals.bucket) {
        whole = false;
        continue;
      }
      this.fleet.drop(slot, this.live);
      this.fleet.addTotals(slot, totals, this.thresholds, this.live);
    }
    if (this.live.totalCount <= 0) this.live.clear();
    this.heldVersion = whole ? version : 0;
  }

  private bucketAt(local: number): number {
    return Math.floor(this.clock.toStore(local) / this.bucketMs);
  }

  private advance(bucket: number): void {
    if (bucket <= this.current) return;
    const from = Math.max(this.current + 1, bucket - this.slots + 1);
    for (let b = from; b <= bucket; b++) {
      const slot = this.slotOf(b);
      this.fleet.drop(slot, this.live);
      this.inFlight.drop(slot, this.live);
      this.pending.drop(slot, this.live);
      this.own.drop(slot, this.ownLive);
      this.tags[slot] = b;
    }
    if (this.live.totalCount <= 0) this.live.clear();
    if (this.ownLive.totalCount <= 0) this.ownLive.clear();
    this.current = bucket;
  }

  private slotOf(bucket: number): number {
    const slot = bucket % this.slots;
    return slot < 0 ? slot + this.slots : slot;
  }
}

/** Adds one call to running totals. */
function count(
  metric: RunningMetric,
  failed: number,
  duration: number,
  thresholds: readonly number[],
) {
  metric.totalCount++;
  metric.failureCount += failed;
  metric.totalDuration += duration;
  for (let i = 0; i < thresholds.length; i++) if (duration >= thresholds[i]) metric.slow[i]++;
}
