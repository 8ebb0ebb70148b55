import type { State } from '../state';
import type { FleetState, TransitionReply } from './circuit-store';
import type { FleetClock } from './fleet-clock';
import type { FleetHost } from './fleet-host';
import type { QueuedTransition } from './fleet-moves';
import type { FleetWindow } from './fleet-window';
import type { ProbeLeases } from './probe-leases';

/**
 * What one instance knows of the fleet's circuit (its generation and state as last heard), and
 * how a reply is taken over by the breaker: silently when the breaker already is in the fleet's
 * state, as a transition with a signal otherwise.
 */
export class FleetMirror {
  /** The fleet's generation as last heard (NaN: unknown, the next reply's is taken). */
  generation = 0;
  /** The fleet's state as last heard. */
  state: State = 'closed';

  constructor(
    private readonly host: FleetHost,
    private readonly clock: FleetClock,
    private readonly window: FleetWindow,
    private readonly leases: ProbeLeases,
  ) {}

  /** Records the fleet's generation and state as known; a new episode voids the leases. */
  took(fleet: FleetState): void {
    if (fleet.generation !== this.generation) this.leases.clear();
    this.generation = fleet.generation;
    this.state = fleet.state;
  }

  /** Gives the breaker the fleet's times and reopen count (same state, no transition). */
  align(fleet: FleetState): void {
    this.host.align(this.changedAt(fleet), this.retryAt(fleet), fleet.reopens);
  }

  /**
   * Takes the fleet's state when its generation is not the one known. `from` is the state the
   * listeners last heard of when it is not the breaker's (our own move lost); `opened` says this
   * instance's request moved open -> half_open (its signal is then `'local'`). Returns whether
   * the generation was new (the window was cleared for it).
   */
  adopt(fleet: FleetState, from?: State, opened = false): boolean {
    if (fleet.generation === this.generation) return false;
    this.took(fleet);
    const heard = from ?? this.host.state();
    if (this.host.state() === fleet.state && heard === fleet.state) {
      this.window.reset();
      this.align(fleet);
      return true;
    }
    // A transition: it clears the window after reading it for the signal.
    this.host.adopt({
      from: heard,
      to: fleet.state,
      changedAt: this.changedAt(fleet),
      retryAt: this.retryAt(fleet),
      reopens: fleet.reopens,
      origin: opened ? 'local' : 'fleet',
    });
    return true;
  }

  /**
   * The store's answer to a move of ours: its signal goes out with the right origin, or, when
   * another move won, the fleet's state is adopted (ours never happened fleet-wide).
   */
  settle(queued: QueuedTransition, reply: TransitionReply): void {
    const { signal } = queued;
    const fleet = reply.fleet;
    // Lost to the same move, made elsewhere: ours is the fleet's, announced as such.
    const same =
      !reply.won && fleet.state === signal.newState && fleet.generation !== this.generation;
    if (reply.won || same) {
      this.took(fleet);
      this.align(fleet);
      if (queued.deliver) {
        this.host.deliver(reply.won ? signal : Object.freeze({ ...signal, origin: 'fleet' }));
      }
      return;
    }
    this.generation = Number.NaN;
    this.adopt(fleet, queued.deliver ? signal.oldState : undefined);
  }

  private changedAt(fleet: FleetState): number {
    return fleet.changedAt === null ? this.host.now() : this.clock.toLocal(fleet.changedAt);
  }

  private retryAt(fleet: FleetState): number {
    if (fleet.state !== 'open' || fleet.retryAt === null) return Number.NaN;
    return Number.isFinite(fleet.retryAt)
      ? this.clock.toLocal(fleet.retryAt)
      : Number.POSITIVE_INFINITY;
  }
}
