import type { Signal, State } from '@fluxgate/core';

/** States whose arrival ends a failure cycle, and with it the thread. */
const ENDS_CYCLE: ReadonlySet<State> = new Set<State>(['closed', 'disabled', 'metrics_only']);

/** Whether arriving in `state` ends a failure cycle (and its thread). */
export function endsCycle(state: State): boolean {
  return ENDS_CYCLE.has(state);
}

/** Where one post goes: top-level, or a reply in the cycle's thread. */
export interface ThreadPlacement {
  /** The thread to reply in; undefined for a top-level post. */
  readonly threadTs: string | undefined;
  /** Whether the reply is also shown in the channel (the recovery of a cycle). */
  readonly broadcast: boolean;
  /** Whether this top-level post becomes the thread of the cycle once Slack accepts it. */
  readonly startsThread: boolean;
}

/**
 * Groups one failure cycle's posts in one Slack thread (SPEC §5):
 * - the first post for a transition to `open` while no thread is open starts a thread;
 * - later posts reply in it; a transition to `closed`, `disabled` or `metrics_only` is posted in
 *   the thread and ends it, and the reply to `closed` is broadcast to the channel;
 * - `forced_open` keeps an open thread and does not start one.
 *
 * A post that fails cannot leave later replies pointing at a message that does not exist: when
 * the post that should have started the thread fails, the cycle has no thread yet, and the next
 * post of the same cycle (except `forced_open` and the one that ends the cycle) goes top-level and
 * starts it instead. A failed reply changes nothing: the thread exists.
 */
export class FailureCycleThread {
  private ts: string | undefined;
  /** A cycle began but the post that should have started its thread failed. */
  private orphaned = false;

  /** Where the post for `signal` goes. Call {@link settle} once the post is done. */
  place(signal: Signal): ThreadPlacement {
    const state = signal.newState;
    if (this.ts !== undefined) {
      return { threadTs: this.ts, broadcast: state === 'closed', startsThread: false };
    }
    const startsThread =
      state === 'open' || (this.orphaned && !ENDS_CYCLE.has(state) && state !== 'forced_open');
    return { threadTs: undefined, broadcast: false, startsThread };
  }

  /**
   * Records how the post went: `postedTs` is the ts Slack gave the message, or undefined when
   * the post failed.
   */
  settle(signal: Signal, placement: ThreadPlacement, postedTs: string | undefined): void {
    if (ENDS_CYCLE.has(signal.newState)) {
      this.ts = undefined;
      this.orphaned = false;
      return;
    }
    if (!placement.startsThread) return;
    if (postedTs === undefined) {
      this.orphaned = true;
    } else {
      this.ts = postedTs;
      this.orphaned = false;
    }
  }

  /**
   * A transition another instance of the fleet made (`origin: 'fleet'`), which this listener
   * does not post: a fleet-wide recovery still ends this instance's cycle, so its next incident
   * starts a new thread instead of replying in the old one.
   */
  adopt(signal: Signal): void {
    if (!ENDS_CYCLE.has(signal.newState)) return;
    this.ts = undefined;
    this.orphaned = false;
  }

  /**
   * The cycle's thread is `ts`, started elsewhere (another instance of the fleet published it):
   * later posts of the cycle reply in it.
   */
  join(ts: string): void {
    this.ts = ts;
    this.orphaned = false;
  }

  /** The ts of the open thread, if any. */
  get current(): string | undefined {
    return this.ts;
  }
}
