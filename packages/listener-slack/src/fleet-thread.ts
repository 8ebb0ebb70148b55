import type { CircuitAnnotations, Signal, State } from '@fluxgate/core';

/** How long a post that continues a fleet's incident waits for its thread to be published, ms. */
export const FLEET_THREAD_WAIT_MS = 2_000;
/** Between two reads of a thread not published yet, ms. */
export const FLEET_THREAD_POLL_MS = 100;

/** States a failure cycle is in progress in: a transition out of one continues the cycle. */
const IN_CYCLE: ReadonlySet<State> = new Set<State>(['open', 'half_open', 'forced_open']);

/** Whether `signal` continues a failure cycle that may have begun on another instance. */
export function continuesCycle(signal: Signal): boolean {
  return IN_CYCLE.has(signal.oldState);
}

/**
 * The failure cycle's thread as the fleet knows it, kept in the circuit's shared annotations
 * (`breaker.annotations`, one key per channel): the instance whose post starts the thread
 * publishes its ts, an instance posting a later transition of the cycle reads it, the post that
 * ends the cycle removes it (only if it still names that thread, so a newer incident's survives).
 *
 * Inactive without shared annotations (no store, or one that keeps none): then only this
 * listener's own {@link FailureCycleThread} counts. A store that is unavailable costs a post at
 * most {@link FLEET_THREAD_WAIT_MS}, then the post goes top-level as without a store.
 */
export class FleetThread {
  #notes: CircuitAnnotations | undefined;

  constructor(
    /** The annotation key: one thread per channel. */
    readonly key: string,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Uses the breaker's annotations when they are shared fleet-wide. */
  share(notes: CircuitAnnotations | undefined): void {
    this.#notes = notes?.shared === true ? notes : undefined;
  }

  /** Whether the thread is kept fleet-wide. */
  get active(): boolean {
    return this.#notes !== undefined;
  }

  /**
   * The published thread of the cycle in progress. When none is published yet, reads again
   * until `wait` ms have passed (another instance's first post may still be in flight); resolves
   * undefined when there is none, or the store is unavailable.
   */
  async find(wait: number): Promise<string | undefined> {
    const notes = this.#notes;
    if (notes === undefined) return undefined;
    for (let waited = 0; ; waited += FLEET_THREAD_POLL_MS) {
      let ts: string | null;
      try {
        ts = await notes.read(this.key);
      } catch {
        return undefined;
      }
      if (ts !== null && ts !== '') return ts;
      if (waited >= wait) return undefined;
      await this.sleep(FLEET_THREAD_POLL_MS);
    }
  }

  /** Publishes the thread a post just started (replacing whatever an ended cycle left). */
  publish(ts: string): Promise<void> {
    return this.#write(ts, undefined);
  }

  /** The post that should have started a new cycle's thread failed: no thread is published. */
  clear(): Promise<void> {
    return this.#write(null, undefined);
  }

  /** The cycle of thread `ts` ended: it is no longer published (unless it was replaced). */
  end(ts: string): Promise<void> {
    return this.#write(null, ts);
  }

  async #write(value: string | null, expected: string | undefined): Promise<void> {
    const notes = this.#notes;
    if (notes === undefined) return;
    try {
      await notes.write(this.key, value, expected);
    } catch {
      // The store is unavailable (it reports that itself): the thread stays this instance's.
    }
  }
}
