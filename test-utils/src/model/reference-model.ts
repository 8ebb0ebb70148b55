import type { State } from '@fluxgate/core';
import type { ModelConfig } from './config';

/** How a call ends, as the model sees it. */
export type Outcome = 'success' | 'flagged' | 'failure' | 'ignored';

/** A call the model admitted: what it needs to settle it later. */
export interface Admission {
  /** The state that handles the call. */
  readonly state: State;
  /** The generation the call started in; its outcome is dropped once that one ended. */
  readonly generation: number;
  /** Model time when the call started. */
  readonly start: number;
}

/** One recorded call in the model's window. */
interface Entry {
  readonly success: boolean;
  readonly duration: number;
  /** The TimeWindow bucket of the call (its time / bucketMs); 0 for a CountWindow. */
  readonly bucket: number;
}

/**
 * SPEC §3 and §8 written as plainly as possible, to check the breakers against: states, window
 * (a CountWindow, or a TimeWindow whose calls age out a bucket at a time), failure streak,
 * reopens, retry deadline, generations, half_open probes in flight, `probesToClose` (probes
 * recorded in the episode before a success closes), `maxHalfOpenWait` (an undecided episode
 * reopens at the next call, probe outcome or look), and the signals. Time is the breaker's
 * sanitised time: a step back never moves it back.
 *
 * @example
 * ```ts
 * const model = new ReferenceModel(config, lcg(seed), { maxHalfOpenCalls: 10 });
 * const admission = model.start();          // null when the breaker must reject
 * if (admission) model.settle(admission, 'failure');
 * model.state; // 'open' if that failure tripped it
 * ```
 */
export class ReferenceModel {
  state: State = 'closed';
  private entries: Entry[] = [];
  consecutive = 0;
  reopens = 0;
  /** Sanitised time: the sum of the forward clock moves. */
  now = 0;
  changedAt = 0;
  retryAt = Number.NaN;
  generation = 0;
  probes = 0;
  /** Probes recorded in the current half_open episode. */
  recorded = 0;
  /** `old->new:reopens:total:failures` for every transition, in order. */
  readonly signals: string[] = [];
  private readonly maxProbes: number;

  constructor(
    private readonly config: ModelConfig,
    private readonly random: () => number,
    /** The async breaker caps probes in flight; the sync breaker runs one at a time anyway. */
    options: { maxHalfOpenCalls?: number } = {},
  ) {
    this.maxProbes = options.maxHalfOpenCalls ?? Number.POSITIVE_INFINITY;
  }

  /** The calls in the window now: a TimeWindow drops the buckets that aged out. */
  get window(): readonly Entry[] {
    const { time } = this.config;
    if (time !== null && this.entries.length > 0) {
      const oldest =
        Math.floor(this.now / time.bucketMs) - Math.ceil(time.durationMs / time.bucketMs);
      if (this.entries[0]!.bucket <= oldest) {
        this.entries = this.entries.filter((entry) => entry.bucket > oldest);
      }
    }
    return this.entries;
  }

  /** Ends a half_open episode past `maxHalfOpenWait` (the breaker does it whenever it looks). */
  expire(): boolean {
    if (this.state !== 'half_open' || !(this.now - this.changedAt >= this.config.maxHalfOpenWait)) {
      return false;
    }
    this.transition('open');
    return true;
  }

  /** The clock moved by `ms` (negative: backwards, which the breaker ignores). */
  advance(ms: number): void {
    this.now += Math.max(ms, 0);
  }

  /** Whether the breaker measures durations (a latency rule in the tripper). */
  get measures(): boolean {
    return this.config.latency.kind !== 'none';
  }

  get failures(): number {
    let n = 0;
    for (const entry of this.window) if (!entry.success) n++;
    return n;
  }

  get totalDuration(): number {
    let sum = 0;
    for (const entry of this.window) sum += entry.duration;
    return sum;
  }

  /** The wait drawn when the circuit opens. */
  private delay(): number {
    const { backoff, delay } = this.config;
    return backoff ? Math.min(delay * 2 ** this.reopens, delay * 8) : delay;
  }

  transition(to: State): void {
    const from = this.state;
    const total = this.window.length;
    const failures = this.failures;
    this.state = to;
    this.generation++;
    this.probes = 0;
    this.recorded = 0;
    this.changedAt = this.now;
    this.entries = [];
    if (to === 'half_open' || to === 'closed') this.consecutive = 0;
    if (to === 'closed') this.reopens = 0;
    if (to === 'open') {
      if (from === 'half_open') this.reopens++;
      this.retryAt = this.now + this.delay();
    } else {
      this.retryAt = Number.NaN;
    }
    this.signals.push(`${from}->${to}:${this.reopens}:${total}:${failures}`);
  }

  private trips(handledBy: State): boolean {
    const { streak, minRequests, rate, probeStreak, latency } = this.config;
    if (handledBy === 'half_open' && this.consecutive >= probeStreak) return true;
    if (this.consecutive >= streak) return true;
    const n = this.window.length;
    if (n < minRequests) return false;
    if (this.failures / n >= rate) return true;
    if (latency.kind === 'slow') {
      let slow = 0;
      for (const entry of this.window) if (entry.duration >= latency.threshold) slow++;
      return slow / n >= latency.ratio;
    }
    if (latency.kind === 'avg') return this.totalDuration / n >= latency.ms;
    return false;
  }

  /**
   * A call arrives: returns how it is admitted, or null when the breaker must reject it with
   * CallNotPermittedError. An open circuit past its deadline moves to half_open first.
   */
  start(): Admission | null {
    if (this.state === 'forced_open') return null;
    if (this.state === 'open') {
      if (!(this.now >= this.retryAt)) return null;
      this.transition('half_open');
    }
    if (this.state === 'half_open') {
      if (this.expire()) return this.start();
      if (this.probes >= this.maxProbes) return null;
      if (!(this.random() < this.config.permitRatio)) return null;
      this.probes++;
    }
    return { state: this.state, generation: this.generation, start: this.now };
  }

  /** The admitted call ends with `outcome` now (its duration is the model time since it started). */
  settle(call: Admission, outcome: Outcome): void {
    if (call.state === 'disabled') return;
    const current = call.generation === this.generation;
    const probe = current && call.state === 'half_open';
    // Past the deadline a probe's outcome ends the episode instead of deciding it.
    if (probe && outcome !== 'ignored' && this.expire()) return;
    if (probe && this.probes > 0) this.probes--;
    if (!current || outcome === 'ignored') return;
    const success = outcome === 'success';
    this.consecutive = success ? 0 : this.consecutive + 1;
    const { time } = this.config;
    const bucket = time === null ? 0 : Math.floor(this.now / time.bucketMs);
    this.entries.push({ success, duration: this.measures ? this.now - call.start : 0, bucket });
    if (time === null && this.entries.length > this.config.size) this.entries.shift();
    if (call.state === 'metrics_only') return;
    if (this.trips(call.state)) this.transition('open');
    else if (
      call.state === 'half_open' &&
      ++this.recorded >= this.config.probesToClose &&
      success
    ) {
      this.transition('closed');
    }
  }
}
