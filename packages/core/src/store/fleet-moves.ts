import type { Signal } from '../listeners/signal';
import type { State } from '../state';
import type { CircuitStore, TransitionReply } from './circuit-store';
import type { FleetHost } from './fleet-host';
import type { FleetMirror } from './fleet-mirror';

/** A transition this instance made, waiting to be proposed to the store. */
export interface QueuedTransition {
  readonly signal: Signal;
  /** For a move to open: the retry delay drawn, ms. */
  readonly delay: number;
  /** A manual control: applied whatever the fleet's generation. */
  readonly manual: boolean;
  /** Whether the signal still has to reach the listeners. */
  readonly deliver: boolean;
  /**
   * The fleet generation and state the move was decided on; undefined when it was queued behind
   * another move, whose result it then builds on (it is only sent if that one won).
   */
  readonly basis: { readonly generation: number; readonly state: State } | undefined;
}

/**
 * The transitions one instance made and has not proposed to the fleet yet, sent one at a time
 * as compare-and-set on the fleet generation they were decided on.
 */
export class FleetMoves {
  private readonly queued: QueuedTransition[] = [];

  constructor(
    private readonly fleet: FleetMirror,
    private readonly host: FleetHost,
  ) {}

  /** Whether a move waits to be proposed. */
  get waiting(): boolean {
    return this.queued.length > 0;
  }

  /** Queues a move; one queued behind another builds on that one's result. */
  push(signal: Signal, delay: number, manual: boolean, deliver: boolean): void {
    const basis = this.waiting
      ? undefined
      : { generation: this.fleet.generation, state: this.fleet.state };
    this.queued.push({ signal, delay, manual, deliver, basis });
  }

  /**
   * Proposes the first move. When the store fails, the move is this instance's own: its signal
   * goes out now (as `'local'`) and the error is rethrown.
   */
  async send(store: CircuitStore, ttlMs: number): Promise<TransitionReply> {
    const queued = this.queued[0]!;
    const { signal, basis } = queued;
    try {
      return await store.transition({
        expectedGeneration: queued.manual ? -1 : (basis?.generation ?? this.fleet.generation),
        from: queued.manual ? signal.oldState : (basis?.state ?? this.fleet.state),
        to: signal.newState,
        delay: queued.delay,
        ttlMs,
      });
    } catch (error) {
      this.queued.shift();
      if (queued.deliver) this.host.deliver(signal);
      throw error;
    }
  }

  /** The store answered the first move: its signal goes out, or the fleet's state is adopted. */
  settle(reply: TransitionReply): void {
    const queued = this.queued.shift()!;
    // Another instance moved first: the moves queued behind ours were made on a state the fleet
    // never had.
    if (!reply.won) this.queued.length = 0;
    this.fleet.settle(queued, reply);
  }
}
