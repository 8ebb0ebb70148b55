import { verdict } from '../breaker/consult';
import type { StateMachine } from '../breaker/state-machine';
import type { Signal } from '../listeners/signal';
import type { State } from '../state';
import type { TimeWindow } from '../windows/time-window';
import type { CircuitStore } from './circuit-store';
import type { FleetChange, FleetHost } from './fleet-host';
import { FleetLink } from './fleet-link';

export type { FleetChange } from './fleet-host';

/** The sync breaker has no `maxHalfOpenCalls`: with a store its fleet-wide cap is the async default. */
const SYNC_FLEET_PROBES = 10;

/**
 * A breaker's side of its store: the {@link FleetHost} the breaker's {@link FleetLink} talks to,
 * over the state machine's facts. The state machine holds one only when it has a `store`, and
 * calls it from a handful of places (admission in open, a transition, `close()`); half_open
 * leases go through its episode and outcomes through the link's window.
 *
 * @internal
 */
export class BreakerFleet implements FleetHost {
  readonly link: FleetLink;
  readonly #m: StateMachine;
  /** The listeners' promise for the last signal handed to them (a control settles on it). */
  #delivered: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(machine: StateMachine, store: CircuitStore, thresholds: readonly number[]) {
    this.#m = machine;
    // checkStore made sure of it.
    const window = machine.window as TimeWindow;
    const maxProbes = machine.maxHalfOpenCalls;
    this.link = new FleetLink(store, this, {
      durationMs: window.durationMs,
      bucketMs: window.bucketMs,
      thresholds,
      maxProbes: Number.isFinite(maxProbes) ? maxProbes : SYNC_FLEET_PROBES,
      timeout: machine.timeout,
      epochOffset: machine.time.toEpoch(0),
    });
    machine.episode.share(this.link);
  }

  state(): State {
    return this.#m.state;
  }

  retryAt(): number {
    return this.#m.retryAt;
  }

  now(): number {
    return this.#m.now();
  }

  report(error: unknown): void {
    this.#m.report(error);
  }

  deliver(signal: Signal): void {
    this.#delivered = this.#m.listeners.broadcast(signal);
  }

  align(changedAt: number, retryAt: number, reopens: number): void {
    const m = this.#m;
    m.changedAt = changedAt;
    m.retryAt = retryAt;
    m.reopens = reopens;
  }

  adopt(change: FleetChange): void {
    this.#delivered = this.#m.transition(change.to, this.#m.now(), false, change);
  }

  reconsider(now: number): void {
    const m = this.#m;
    if (m.state !== 'closed') return;
    const generation = m.generation;
    const streak = m.consecutiveFailures;
    let trip: unknown;
    try {
      const metric = m.window.metric(now);
      trip = m.tripper.evaluate({ metric, state: 'closed', consecutiveFailures: streak });
    } catch (error) {
      m.report(error);
      return;
    }
    // A tripper that moved the breaker itself: its verdict belongs to an ended generation.
    if (m.generation !== generation) return;
    if (trip === true) m.transition('open', now);
    else if (trip !== false) verdict('Tripper', 'evaluate()', trip, false, m.report);
  }

  /**
   * A call in open: whether it is rejected. Before the retry time it is (and an instance that
   * only rejects still hears of the fleet now and then); after it too, unless the store is
   * unavailable: the fleet moves to half_open through a probe lease, asked for here.
   */
  holdsOpen(now: number): boolean {
    if (!(now >= this.#m.retryAt)) {
      this.link.rejected(now);
      return true;
    }
    return !this.link.openExpired();
  }

  /**
   * The signal of a transition (its facts already changed). One adopted from the fleet goes to
   * the listeners at once, unless they already heard of its state. One this breaker made is
   * proposed to the fleet, and delivered once the store said who made it; a manual control's
   * promise settles after that, once the listeners that were free have handled it.
   */
  signal(
    signal: Signal,
    now: number,
    manual: boolean,
    adopted: FleetChange | undefined,
  ): Promise<void> | undefined {
    const m = this.#m;
    if (adopted !== undefined) {
      return adopted.from === adopted.to ? undefined : m.listeners.broadcast(signal);
    }
    const delay = signal.newState === 'open' ? m.retryAt - now : 0;
    this.link.transitioned(signal, delay, manual);
    if (!manual) return undefined;
    // An unavailable store is not waited for: the signal went out at once.
    if (this.link.degraded) return this.#delivered;
    return this.link.flush().then(() => this.#delivered);
  }

  /** Sends what is pending, leaves the store, then closes the listeners. Idempotent. */
  close(): Promise<void> {
    const listeners = this.#m.listeners;
    this.#closed ??= this.link.close().then(
      () => listeners.close(),
      () => listeners.close(),
    );
    return this.#closed;
  }
}
