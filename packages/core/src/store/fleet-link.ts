import type { Signal } from '../listeners/signal';
import type { State } from '../state';
import type { BucketTotals, CircuitStore, FleetState } from './circuit-store';
import { FleetClock } from './fleet-clock';
import type { FleetHost } from './fleet-host';
import { FleetWindow } from './fleet-window';
import { ProbeLeases } from './probe-leases';
import { StoreUnavailableError } from './store-unavailable-error';

/** While the store is unavailable, tries again no more often than this, ms. */
const DEGRADED_RETRY_MS = 500;
/** An instance that only rejects (open) asks the store for news at most this often, ms. */
const REFRESH_MS = 1_000;
/** A lease is given up locally this long before the store expires it, ms. */
const LEASE_MARGIN_MS = 1_000;

/** How a breaker configures its {@link FleetLink}. */
export interface FleetLinkOptions {
  /** The window's reach, ms (the breaker's `TimeWindow.durationMs`). */
  readonly durationMs: number;
  /** The window's bucket width, ms (the breaker's `TimeWindow.bucketMs`). */
  readonly bucketMs: number;
  /** The breaker's SlowRate thresholds. */
  readonly thresholds: readonly number[];
  /** At most this many probes in flight fleet-wide. */
  readonly maxProbes: number;
  /** The breaker's call timeout, ms (0: none); a lease lives this long plus a margin. */
  readonly timeout: number;
  /** Epoch ms minus the breaker's monotonic ms: the first guess of the store's clock. */
  readonly epochOffset: number;
}

interface QueuedTransition {
  readonly signal: Signal;
  /** For a move to open: the retry delay drawn, ms. */
  readonly delay: number;
  /** A manual control: applied whatever the fleet's generation. */
  readonly manual: boolean;
  /** Whether the signal still has to reach the listeners. */
  readonly deliver: boolean;
}

/**
 * Everything fleet-related a breaker with a `store` needs, so the breaker itself only calls a
 * handful of hooks: outcomes are counted in {@link window} and sent in batches, transitions are
 * proposed as compare-and-set and their signals delivered with the right origin, half_open
 * probes take leases, replies are adopted, and while the store is unavailable the breaker runs
 * on its local state (reported once) and re-syncs afterwards. One store request is in flight at
 * a time; nothing here is ever awaited on a caller's path.
 */
export class FleetLink {
  /** The window the breaker records into and its tripper reads: fleet totals plus ours. */
  readonly window: FleetWindow;
  /** Whether the store is unavailable (the breaker decides on its local state alone). */
  degraded = false;
  private readonly clock: FleetClock;
  private readonly leases = new ProbeLeases();
  private readonly instance = globalThis.crypto.randomUUID();
  private readonly leaseMs: number;
  private readonly ttlMs: number;
  /** The fleet's generation and state as last heard (NaN: unknown, take the next reply's). */
  private fleetGeneration = 0;
  private fleetState: State = 'closed';
  private seq = 0;
  /** The batch sent but not acknowledged: resent as is (same seq) until the store answers. */
  private unacked: { seq: number; generation: number; deltas: BucketTotals[] } | undefined;
  private readonly transitions: QueuedTransition[] = [];
  /** Set while degraded by a local transition the fleet has not heard of. */
  private unsynced = false;
  private refreshWanted = false;
  private lastContact = Number.NEGATIVE_INFINITY;
  private busy: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unregister: () => void;

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
      () => this.schedule(this.store.batchMs),
    );
    this.leaseMs = options.timeout > 0 ? options.timeout + LEASE_MARGIN_MS : store.leaseMs;
    this.ttlMs = Math.max(2 * options.durationMs, 2 * this.leaseMs, 60_000);
    this.unregister = store.register(() => this.flush());
    // Learn the fleet's state before the first batch, so its outcomes are not dropped as
    // belonging to a generation the fleet has left.
    this.refreshWanted = true;
    this.schedule(0);
  }

  /** Store ms to the breaker's monotonic ms (for `retryAt` and `changedAt` of the fleet). */
  toLocal(storeTime: number): number {
    return this.clock.toLocal(storeTime);
  }

  // ---- hooks the breaker calls -----------------------------------------------------------

  /**
   * The breaker made a transition (its state already changed): instead of broadcasting the
   * signal it hands it here. The signal is delivered once the store says who made it.
   */
  transitioned(signal: Signal, delay: number, manual: boolean): void {
    this.transitions.push({ signal, delay, manual, deliver: true });
    this.schedule(0);
  }

  /**
   * Open past its local retry time: returns true when the breaker should move to half_open by
   * itself (store unavailable); otherwise asks the store for leases and returns false (reject).
   */
  openExpired(): boolean {
    if (this.degraded) return true;
    this.leases.ask();
    this.schedule(this.store.batchMs);
    return false;
  }

  /** half_open admission: true when this probe may run (it holds a lease). */
  takeLease(now: number): boolean {
    if (this.degraded) return true;
    if (this.leases.take(now)) return true;
    this.schedule(this.store.batchMs);
    return false;
  }

  /** A half_open probe settled. */
  releaseLease(): void {
    this.leases.release();
    if (this.leases.hasReleases) this.schedule(this.store.batchMs);
  }

  /** A call was rejected: an instance that only rejects still hears of the fleet now and then. */
  rejected(now: number): void {
    if (now - this.lastContact >= REFRESH_MS && this.timer === undefined && !this.busy) {
      this.refreshWanted = true;
      this.schedule(0);
    }
  }

  /** Sends everything pending now and waits for the answers (`store.close()` calls it). */
  async flush(): Promise<void> {
    // A few rounds: a transition, then the batch behind it. An unavailable store gets one try.
    for (let i = 0; i < 5 && (this.busy !== undefined || this.hasWork()); i++) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      if (this.busy === undefined) this.pump();
      await this.busy;
      if (this.degraded) return;
    }
  }

  /** Stops talking to the store (the breaker is discarded). */
  close(): Promise<void> {
    return this.flush().finally(this.unregister);
  }

  // ---- the one request in flight ---------------------------------------------------------

  private hasWork(): boolean {
    return (
      this.transitions.length > 0 ||
      this.unsynced ||
      this.leases.wanted ||
      this.unacked !== undefined ||
      this.window.hasPending ||
      this.leases.hasReleases ||
      this.refreshWanted
    );
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined || this.busy !== undefined) return;
    const wait = this.degraded ? Math.max(delay, DEGRADED_RETRY_MS) : delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
    this.timer.unref?.();
  }

  private pump(): void {
    if (this.busy !== undefined || !this.hasWork()) return;
    this.busy = this.next()
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        this.busy = undefined;
        if (this.hasWork()) this.schedule(this.transitions.length > 0 ? 0 : this.store.batchMs);
      });
  }

  private next(): Promise<void> {
    if (this.transitions.length > 0) return this.sendTransition(this.transitions[0]);
    if (this.leases.wanted && this.host.state() !== 'closed') return this.sendAcquire();
    return this.sendSync();
  }

  private async sendTransition(queued: QueuedTransition): Promise<void> {
    const { signal } = queued;
    const sent = this.host.now();
    let reply: { won: boolean; fleet: FleetState };
    try {
      reply = await this.store.transition({
        expectedGeneration: queued.manual ? -1 : this.fleetGeneration,
        from: queued.manual ? signal.oldState : this.fleetState,
        to: signal.newState,
        delay: queued.delay,
        ttlMs: this.ttlMs,
      });
    } catch (error) {
      // The store did not hear of it: this instance made the transition on its own, and offers
      // it to the fleet once the store answers again.
      this.transitions.shift();
      this.unsynced = true;
      if (queued.deliver) this.host.deliver(signal);
      throw error;
    }
    this.transitions.shift();
    this.degraded = false;
    this.sampleClock(sent, reply.fleet);
    if (reply.won) {
      this.took(reply.fleet);
      this.alignTimes(reply.fleet);
      if (queued.deliver) this.host.deliver(signal);
      return;
    }
    // Another instance moved first: what we did locally never happened fleet-wide, and the
    // transitions queued behind it were made on a state the fleet never had.
    this.transitions.length = 0;
    if (reply.fleet.state === signal.newState && reply.fleet.generation !== this.fleetGeneration) {
      // The same move, made elsewhere: ours is the fleet's, announced as such.
      this.took(reply.fleet);
      this.alignTimes(reply.fleet);
      if (queued.deliver) this.host.deliver(Object.freeze({ ...signal, origin: 'fleet' }));
      return;
    }
    this.fleetGeneration = Number.NaN;
    this.adoptFleet(reply.fleet, queued.deliver ? signal.oldState : undefined);
  }

  private async sendAcquire(): Promise<void> {
    const sent = this.host.now();
    const reply = await this.store.acquire({
      instance: this.instance,
      want: this.leases.want(this.options.maxProbes),
      maxProbes: this.options.maxProbes,
      leaseMs: this.leaseMs,
      ttlMs: this.ttlMs,
    });
    this.degraded = false;
    const received = this.sampleClock(sent, reply.fleet);
    this.adoptFleet(reply.fleet, undefined, reply.opened);
    if (reply.fleet.state === 'half_open' && reply.leases.length > 0) {
      this.leases.grant(reply.leases, received + this.leaseMs - LEASE_MARGIN_MS);
    }
  }

  private async sendSync(): Promise<void> {
    if (this.unsynced) return this.offerLocalState();
    this.refreshWanted = false;
    this.unacked ??= {
      seq: ++this.seq,
      generation: this.fleetGeneration,
      deltas: this.window.takeBatch(),
    };
    const batch = this.unacked;
    const releases = this.leases.takeReleases();
    const sent = this.host.now();
    const reply = await this.store.sync({
      instance: this.instance,
      seq: batch.seq,
      generation: batch.generation,
      bucketMs: this.options.bucketMs,
      buckets: this.window.buckets,
      ttlMs: this.ttlMs,
      deltas: batch.deltas,
      releases,
    });
    this.unacked = undefined;
    this.degraded = false;
    const received = this.sampleClock(sent, reply.fleet);
    this.adoptFleet(reply.fleet);
    this.window.acknowledge(reply.window, received);
  }

  /**
   * Back from degraded mode after local transitions: offer the local state to the fleet as a
   * compare-and-set on the generation known before the outage. It wins if nobody moved the
   * fleet meanwhile; otherwise the reply's state is adopted. Its signals were delivered already.
   */
  private offerLocalState(): Promise<void> {
    this.unsynced = false;
    const state = this.host.state();
    const signal = { oldState: this.fleetState, newState: state } as Signal;
    const delay = state === 'open' ? Math.max(0, this.host.retryAt() - this.host.now()) : 0;
    return this.sendTransition({ signal, delay, manual: false, deliver: false });
  }

  private sampleClock(sent: number, fleet: FleetState): number {
    const received = this.host.now();
    this.clock.sample(sent, received, fleet.time);
    this.lastContact = received;
    return received;
  }

  /** Records the fleet's generation and state as known; a new episode voids the leases. */
  private took(fleet: FleetState): void {
    if (fleet.generation !== this.fleetGeneration) this.leases.clear();
    this.fleetGeneration = fleet.generation;
    this.fleetState = fleet.state;
  }

  /**
   * Takes the fleet's state when its generation is not the one known. `from` is the state the
   * listeners last heard of, when it is not the breaker's (our own move lost); `opened` says
   * this instance's request moved open -> half_open.
   */
  private adoptFleet(fleet: FleetState, from?: State, opened = false): void {
    if (fleet.generation === this.fleetGeneration) return;
    this.took(fleet);
    this.window.reset();
    const changedAt = fleet.changedAt === null ? this.host.now() : this.toLocal(fleet.changedAt);
    const retryAt = this.localRetryAt(fleet);
    const heard = from ?? this.host.state();
    if (this.host.state() === fleet.state && heard === fleet.state) {
      this.host.align(changedAt, retryAt, fleet.reopens);
      return;
    }
    this.host.adopt({
      from: heard,
      to: fleet.state,
      changedAt,
      retryAt,
      reopens: fleet.reopens,
      origin: opened ? 'local' : 'fleet',
    });
  }

  private alignTimes(fleet: FleetState): void {
    const changedAt = fleet.changedAt === null ? this.host.now() : this.toLocal(fleet.changedAt);
    this.host.align(changedAt, this.localRetryAt(fleet), fleet.reopens);
  }

  private localRetryAt(fleet: FleetState): number {
    if (fleet.state !== 'open' || fleet.retryAt === null) return Number.NaN;
    return Number.isFinite(fleet.retryAt) ? this.toLocal(fleet.retryAt) : Number.POSITIVE_INFINITY;
  }

  private failed(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.host.report(new StoreUnavailableError(this.store.name, error));
  }
}
