import { type CircuitAnnotations, MAX_PENDING_SIGNALS, type Signal } from '@fluxgate/core';
import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import { classifyError, rateLimitWait } from './classify-error';
import { endsCycle, FailureCycleThread, type ThreadPlacement } from './failure-cycle-thread';
import { continuesCycle, FLEET_THREAD_WAIT_MS, FleetThread } from './fleet-thread';
import type { SlackMessage } from './message';
import { SerialQueue } from './serial-queue';
import { SlackPostError, type SlackPostErrorInit } from './slack-post-error';
import { transitionKey } from './templates';

/** The longest `Retry-After` (ms) worth waiting for; a longer one is reported at once. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** What a {@link SlackPoster} needs from its listener. */
export interface SlackPosterOptions {
  /** The listener's class name, for reports. */
  readonly owner: string;
  readonly name: string;
  readonly channel: string;
  readonly client: WebClient;
  /** The token, when the listener knows it: never let into a report. */
  readonly secret?: string;
  /** Builds the message for a signal (the listener's template and message methods). */
  readonly render: (signal: Signal) => SlackMessage;
  /** Longest wait (ms) for one `chat.postMessage` call. */
  readonly postTimeout: number;
  /** Waits `ms`; injectable so tests can see the Retry-After wait without sleeping. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A wait that never keeps the process alive on its own. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Why the poster stopped waiting for the client: turned into a SlackPostError. */
class GaveUp {
  constructor(
    readonly code: 'post_timeout' | 'listener_closed',
    readonly reason: string,
  ) {}
}

const CLOSED_IN_FLIGHT = new GaveUp(
  'listener_closed',
  'the listener was closed while the post was in flight; it was abandoned',
);

/**
 * Posts one listener's signals to Slack, one at a time and in order, keeping the failure-cycle
 * thread. Shared by {@link SlackListener} and {@link AsyncSlackListener}: the first ignores the
 * promise of {@link post} and reports its rejection itself, the second hands it to the breaker.
 *
 * A rate-limited post waits Slack's `Retry-After` once (up to {@link MAX_RETRY_AFTER_MS}) and is
 * tried again; every other failure is reported at once (the client has already made its quick
 * retries) and the next signal is posted as usual.
 */
export class SlackPoster {
  readonly #owner: string;
  readonly #name: string;
  readonly #channel: string;
  readonly #client: WebClient;
  readonly #secret: string | undefined;
  readonly #render: (signal: Signal) => SlackMessage;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #postTimeout: number;
  readonly #thread = new FailureCycleThread();
  readonly #fleet: FleetThread;
  readonly #queue: SerialQueue<Signal>;
  /** Aborted by {@link close}: the post in flight is abandoned. */
  readonly #closing = new AbortController();

  constructor(options: SlackPosterOptions) {
    this.#owner = options.owner;
    this.#name = options.name;
    this.#channel = options.channel;
    this.#client = options.client;
    this.#secret = options.secret;
    this.#render = options.render;
    this.#sleep = options.sleep ?? sleep;
    this.#postTimeout = options.postTimeout;
    this.#fleet = new FleetThread(`slack-thread:${options.channel}`, this.#sleep);
    this.#queue = new SerialQueue(
      (signal) => this.#send(signal),
      (signal) =>
        this.#error(signal, {
          code: 'queue_full',
          reason: `${MAX_PENDING_SIGNALS} posts were waiting, so the oldest was dropped`,
        }),
    );
  }

  /**
   * Queues the post for `signal`; settles when it is posted, rejects with a SlackPostError. A
   * `'fleet'` signal is queued too, in order, but only updates the thread (see
   * {@link FailureCycleThread.adopt}).
   */
  post(signal: Signal): Promise<void> {
    if (this.#closing.signal.aborted) return Promise.reject(this.#closedError(signal));
    return this.#queue.push(signal);
  }

  /**
   * Abandons every queued post and the one in flight, each rejected with a `listener_closed`
   * SlackPostError, and refuses later posts the same way. Settles once nothing is running.
   */
  close(): Promise<void> {
    if (!this.#closing.signal.aborted) {
      this.#queue.clear((signal) => this.#closedError(signal));
      this.#closing.abort();
    }
    return this.#queue.idle();
  }

  /** Settles once every queued post is done. */
  flush(): Promise<void> {
    return this.#queue.idle();
  }

  /**
   * Keeps the failure cycle's thread in the breaker's annotations, when they are shared
   * fleet-wide (see {@link FleetThread}); called from the listener's `attach`.
   */
  share(notes: CircuitAnnotations | undefined): void {
    this.#fleet.share(notes);
  }

  /** Posts waiting behind the one in flight. */
  get pending(): number {
    return this.#queue.pending;
  }

  async #send(signal: Signal): Promise<void> {
    // Not posted (another instance posted it), but in order with the posts: it may end a cycle.
    if (signal.origin === 'fleet') return this.#thread.adopt(signal);
    const placement = await this.#place(signal);
    let ts: string | undefined;
    try {
      ts = await this.#deliver(signal, placement);
    } finally {
      this.#thread.settle(signal, placement, ts);
      await this.#share(signal, placement, ts);
    }
  }

  /**
   * Where the post goes. A post that continues a cycle, with a fleet-wide thread, replies in the
   * thread the fleet published (it may have begun on another instance), waiting for it a little
   * when this listener knows of none; otherwise this listener's own thread rules.
   */
  async #place(signal: Signal): Promise<ThreadPlacement> {
    const local = this.#thread.place(signal);
    if (!this.#fleet.active || !continuesCycle(signal)) return local;
    const wait = local.threadTs === undefined ? FLEET_THREAD_WAIT_MS : 0;
    let ts: string | undefined;
    try {
      // Bounded again: a store whose read never settles must not hold the posts behind it.
      ts = await this.#bounded(() => this.#fleet.find(wait), wait + FLEET_THREAD_WAIT_MS);
    } catch (error) {
      if (error === CLOSED_IN_FLIGHT) throw this.#error(signal, CLOSED_IN_FLIGHT);
    }
    if (ts === undefined || ts === local.threadTs) return local;
    this.#thread.join(ts);
    return this.#thread.place(signal);
  }

  /** Tells the fleet about the thread: started (published), not started, or ended. */
  async #share(signal: Signal, placement: ThreadPlacement, ts: string | undefined): Promise<void> {
    if (!this.#fleet.active) return;
    const thread = placement.threadTs;
    let work: (() => Promise<void>) | undefined;
    if (endsCycle(signal.newState)) {
      if (thread !== undefined) work = () => this.#fleet.end(thread);
    } else if (placement.startsThread) {
      if (ts !== undefined) work = () => this.#fleet.publish(ts);
      // A new cycle without a thread: what an earlier cycle left published must not be used.
      else if (!continuesCycle(signal)) work = () => this.#fleet.clear();
    }
    if (work !== undefined) await this.#bounded(work, FLEET_THREAD_WAIT_MS).catch(() => {});
  }

  async #deliver(signal: Signal, placement: ThreadPlacement): Promise<string | undefined> {
    // A fault in a custom template or message is the user's own error: it is reported as is.
    const message = this.#render(signal);
    const args: Record<string, unknown> = { ...message, channel: this.#channel };
    if (placement.threadTs !== undefined) {
      args.thread_ts = placement.threadTs;
      if (placement.broadcast) args.reply_broadcast = true;
    }
    let result: { ts?: unknown };
    try {
      result = await this.#postHonouringRateLimit(args as unknown as ChatPostMessageArguments);
    } catch (error) {
      if (error instanceof GaveUp) throw this.#error(signal, error);
      // Never the client's error itself: it may hold the request's headers, hence the token.
      throw this.#error(signal, classifyError(error, this.#secret));
    }
    return typeof result?.ts === 'string' && result.ts !== '' ? result.ts : undefined;
  }

  async #postHonouringRateLimit(args: ChatPostMessageArguments): Promise<{ ts?: unknown }> {
    try {
      return await this.#bounded(() => this.#client.chat.postMessage(args), this.#postTimeout);
    } catch (error) {
      const seconds = rateLimitWait(error);
      if (seconds === null || seconds * 1000 > MAX_RETRY_AFTER_MS) throw error;
      await this.#bounded(() => this.#sleep(seconds * 1000), Number.POSITIVE_INFINITY);
      return await this.#bounded(() => this.#client.chat.postMessage(args), this.#postTimeout);
    }
  }

  /**
   * `work()`, given up after `ms` (a `post_timeout`) or at {@link close}. The timer never keeps
   * the process alive; what the client still does in the background is its own business.
   */
  #bounded<T>(work: () => Promise<T>, ms: number): Promise<T> {
    const closing = this.#closing.signal;
    if (closing.aborted) return Promise.reject(CLOSED_IN_FLIGHT);
    return new Promise<T>((resolve, reject) => {
      const timer = Number.isFinite(ms)
        ? setTimeout(
            () => reject(new GaveUp('post_timeout', `Slack did not answer within ${ms} ms`)),
            ms,
          ).unref()
        : undefined;
      const abandon = () => reject(CLOSED_IN_FLIGHT);
      closing.addEventListener('abort', abandon, { once: true });
      const done = () => {
        clearTimeout(timer);
        closing.removeEventListener('abort', abandon);
      };
      const failed = (error: unknown) => {
        done();
        reject(error);
      };
      try {
        work().then((value) => {
          done();
          resolve(value);
        }, failed);
      } catch (error) {
        failed(error);
      }
    });
  }

  #closedError(signal: Signal): SlackPostError {
    return this.#error(signal, {
      code: 'listener_closed',
      reason: 'the listener was closed before the post went out; it was abandoned',
    });
  }

  #error(
    signal: Signal,
    fields: Omit<SlackPostErrorInit, 'owner' | 'circuit' | 'transition'>,
  ): SlackPostError {
    return new SlackPostError({
      ...fields,
      owner: this.#owner,
      circuit: this.#name,
      transition: transitionKey(signal),
    });
  }
}
