import type { Signal } from '../listeners/signal';
import type { BucketTotals, CircuitStore, FleetState } from './circuit-store';
import { FleetClock } from './fleet-clock';
import type { FleetHost, FleetLinkOptions } from './fleet-host';
import { FleetMirror } from './fleet-mirror';
import { FleetMoves } from './fleet-moves';
import { type FleetTimings, fleetTimings, LEASE_MARGIN_MS, REFRESH_MS } from './fleet-timings';
import { FleetWindow } from './fleet-window';
import { ProbeLeases } from './probe-leases';
import { SerialRequests } from './serial-requests';
import { StoreUnavailableError } from './store-unavailable-error';

/**
 * Everything fleet-related a breaker with a `store` needs, so the breaker itself only calls a
 * handful of hooks: outcomes are counted in {@link window} and sent in batches, transitions are
 * proposed as compare-and-set and their signals delivered with the right origin, half_open
 * probes take leases, replies are adopted, and while the store is unavailable the breaker runs
 * on its local state (reported once) and re-syncs afterwards. One store request is in flight at
 * a time; nothing here is ever awaited on a caller's path. Breakers create it from their
 * `store` option; a store implementation never needs it.
 *
 * @example
 * ```ts
 * const link = new FleetLink(store, host, options); // what a breaker with a `store` holds
 * if (!link.takeLease(now)) reject();                // half_open admission
 * ```
 */
export class FleetLink {
  /** The window the breaker records into and its tripper reads: fleet totals plus ours. */
  readonly window: FleetWindow;
  private readonly clock: FleetClock;
  private readonly leases = new ProbeLeases();
  private readonly instance = globalThis.crypto.randomUUID();
  private readonly timings: FleetTimings;
  private readonly fleet: FleetMirror;
  private seq = 0;
  /** The batch sent but not acknowledged: resent as is (same seq) until the store answers. */
  private unacked: { seq: number; generation: number; deltas: BucketTotals[] } | undefined;
  private readonly moves: FleetMoves;
  /** Set while degraded by a local transition the fleet has not heard of. */
  private unsynced = false;
  private refreshWanted = false;
  /** The circuit is in use (calls in its window, or not closed): ask for news now and then. */
  private listening = false;
  private lastContact = Number.NEGATIVE_INFINITY;
  /** Set by {@link close}: the breaker no longer talks to the store. */
  private closed = false;
  private readonly requests: SerialRequests;
  private readonly unregister: () => void;

  /**
   * Whether the store is unavailable: the breaker decides on its local state alone, and the
   * window reports this instance's own outcomes only (one flag for both).
   */
  get degraded(): boolean {
    return this.window.localOnly;
  }

  constructor(
    private readonly store: CircuitStore,
    private readonly host: FleetHost,
    private readonly options: FleetLinkOptions,
  ) {
    this.clock = new FleetClock(options.epochOffset);
    this.window = new FleetWindow(
      options.durationMs,
      options.bucketMs,
      options.thresholds,
      this.clock,
      (urgent) => this.requests.schedule(this.batchDelay(urgent)),
    );
    this.fleet = new FleetMirror(host, this.clock, this.window, this.leases);
    this.moves = new FleetMoves(this.fleet, host);
    this.requests = new SerialRequests({
      hasWork: () => this.hasWork(),
      hasPending: () => this.hasPending(),
      next: () => this.next(),
      failed: (error) => this.failed(error),
      pause: () => this.pause(),
      degraded: () => this.degraded,
    });
    this.timings = fleetTimings(store, options);
    this.unregister = store.register(() => this.flush());
    // Learn the fleet's state before the first batch, so its outcomes are not dropped as
    // belonging to a generation the fleet has left.
    this.refreshWanted = true;
    this.requests.schedule(0);
  }

  // ---- hooks the breaker calls -----------------------------------------------------------

  /**
   * The breaker made a transition (its state already changed): instead of broadcasting the
   * signal it hands it here. The signal is delivered once the store says who made it.
   */
  transitioned(signal: Signal, delay: number, manual: boolean): void {
    if (this.degraded && !this.moves.waiting) {
      // Nobody to ask: the move is this instance's own, announced now and offered to the fleet
      // once the store answers again.
      this.unsynced = true;
      this.host.deliver(signal);
      this.requests.schedule(0);
      return;
    }
    this.queue(signal, delay, manual, true);
  }

  /**
   * Open past its local retry time: returns true when the breaker should move to half_open by
   * itself (store unavailable); otherwise asks the store for leases and returns false (reject).
   */
  openExpired(): boolean {
    if (this.degraded) return true;
    this.leases.ask();
    this.requests.schedule(this.store.batchMs);
    return false;
  }

  /** half_open admission: true when this probe may run (it holds a lease). */
  takeLease(now: number): boolean {
    if (this.degraded) return true;
    if (this.leases.take(now)) return true;
    this.requests.schedule(this.store.batchMs);
    return false;
  }

  /** A half_open probe settled. */
  releaseLease(): void {
    this.leases.release();
    if (this.leases.hasReleases) this.requests.schedule(this.store.batchMs);
  }

  /** A call was rejected: an instance that only rejects still hears of the fleet now and then. */
  rejected(now: number): void {
    if (now - this.lastContact >= REFRESH_MS && !this.requests.active) {
      this.refreshWanted = true;
      this.requests.schedule(0);
    }
  }

  /** Sends everything pending now and waits for the answers (`store.close()` calls it). */
  flush(): Promise<void> {
    return this.requests.flush();
  }

  /**
   * Sends what is pending, then stops talking to the store for good (the breaker is discarded):
   * the breaker goes on with its local state, as while the store is unavailable, unreported.
   */
  close(): Promise<void> {
    return this.flush().finally(() => {
      this.closed = true;
      this.window.localOnly = true;
      this.unregister();
    });
  }

  // ---- the one request in flight (driven by `requests`) ----------------------------------

  private hasWork(): boolean {
    return this.hasPending() || (this.listening && !this.closed);
  }

  private hasPending(): boolean {
    return !this.closed && (this.window.hasPending || this.hasRequests());
  }

  /** Whether anything but outcomes waits to be sent. */
  private hasRequests(): boolean {
    return (
      this.moves.waiting ||
      this.unsynced ||
      this.leases.wanted ||
      this.unacked !== undefined ||
      this.leases.hasReleases ||
      this.refreshWanted
    );
  }

  private pause(): number {
    if (this.moves.waiting) return 0;
    if (!this.hasPending()) return REFRESH_MS;
    return this.hasRequests() ? this.store.batchMs : this.batchDelay(this.window.urgent);
  }

  /** Outcomes wait `batchMs`, or longer when they cannot move a closed circuit's tripper. */
  private batchDelay(urgent: boolean): number {
    return urgent || this.host.state() !== 'closed' ? this.store.batchMs : this.timings.quietMs;
  }

  private next(): Promise<void> {
    if (this.moves.waiting) return this.sendTransition();
    if (this.leases.wanted && this.host.state() !== 'closed') return this.sendAcquire();
    return this.sendSync();
  }

  private failed(error: unknown): void {
    if (this.degraded) return;
    this.window.localOnly = true;
    this.host.report(new StoreUnavailableError(this.store.name, error));
  }

  private queue(signal: Signal, delay: number, manual: boolean, deliver: boolean): void {
    this.moves.push(signal, delay, manual, deliver);
    this.requests.schedule(0);
  }

  private async sendTransition(): Promise<void> {
    const sent = this.host.now();
    const reply = await this.moves.send(this.store, this.timings.ttlMs).catch((error: unknown) => {
      // The store did not hear of it: this instance made the transition on its own, and offers
      // its state to the fleet once the store answers again.
      this.unsynced = true;
      throw error;
    });
    this.window.localOnly = false;
    this.sampleClock(sent, reply.fleet);
    this.moves.settle(reply);
  }

  private async sendAcquire(): Promise<void> {
    const sent = this.host.now();
    const reply = await this.store.acquire({
      instance: this.instance,
      want: this.leases.want(this.options.maxProbes),
      maxProbes: this.options.maxProbes,
      leaseMs: this.timings.leaseMs,
      ttlMs: this.timings.ttlMs,
    });
    this.window.localOnly = false;
    const received = this.sampleClock(sent, reply.fleet);
    // A move of ours waits to be sent: its reply decides (the leases granted here expire).
    if (this.moves.waiting) return;
    this.fleet.adopt(reply.fleet, undefined, reply.opened);
    if (reply.fleet.state === 'half_open' && reply.leases.length > 0) {
      this.leases.grant(reply.leases, received + this.timings.leaseMs - LEASE_MARGIN_MS);
    }
  }

  private async sendSync(): Promise<void> {
    if (this.unsynced) return this.offerLocalState();
    this.refreshWanted = false;
    this.listening = false;
    this.unacked ??= {
      seq: ++this.seq,
      generation: this.fleet.generation,
      deltas: this.window.takeBatch(),
    };
    const batch = this.unacked;
    const releases = this.leases.takeReleases();
    const since = this.window.version;
    const sent = this.host.now();
    const reply = await this.store.sync({
      instance: this.instance,
      seq: batch.seq,
      generation: batch.generation,
      bucketMs: this.options.bucketMs,
      buckets: this.window.buckets,
      ttlMs: this.timings.ttlMs,
      deltas: batch.deltas,
      releases,
      since,
    });
    this.unacked = undefined;
    this.window.localOnly = false;
    const received = this.sampleClock(sent, reply.fleet);
    // A move made while the batch was out cleared the window (in-flight layer included) and
    // waits to be sent: its reply decides, and this window belongs to the generation it ended.
    if (this.moves.waiting) return;
    this.fleet.adopt(reply.fleet);
    this.window.acknowledge(reply.window, received, reply.version, reply.partial, since);
    // The outcomes that complete a trip may be another instance's, sent after our last call.
    this.host.reconsider(received);
    // An instance that stops calling still hears of the fleet's moves while its circuit is in
    // use; an idle circuit (closed, empty window) costs the store nothing.
    this.listening = this.host.state() !== 'closed' || this.window.metric().totalCount > 0;
  }

  /**
   * Back from degraded mode after local transitions: offer the local state to the fleet as a
   * compare-and-set on the generation known before the outage. It wins if nobody moved the
   * fleet meanwhile; otherwise the reply's state is adopted. Its signals were delivered already.
   */
  private offerLocalState(): Promise<void> {
    this.unsynced = false;
    const state = this.host.state();
    if (state === this.fleet.state) return this.sendSync();
    const signal = { oldState: this.fleet.state, newState: state } as Signal;
    const delay = state === 'open' ? Math.max(0, this.host.retryAt() - this.host.now()) : 0;
    this.queue(signal, delay, false, false);
    return this.sendTransition();
  }

  private sampleClock(sent: number, fleet: FleetState): number {
    const received = this.host.now();
    this.clock.sample(sent, received, fleet.time);
    this.lastContact = received;
    return received;
  }
}
