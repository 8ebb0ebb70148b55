import { MAX_PENDING_SIGNALS } from '@fluxgate/core';

interface Pending<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs jobs one at a time in the order they were pushed, so a listener's posts reach Slack in
 * transition order and each post sees the thread its predecessor started. At most
 * `MAX_PENDING_SIGNALS` (100) jobs wait behind the running one; beyond that the oldest waiting
 * job is dropped and its promise rejects with the error `dropped` builds.
 */
export class SerialQueue<T> {
  private readonly waiting: Pending<T>[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: (item: T) => Promise<void>,
    private readonly dropped: (item: T) => unknown,
    private readonly limit: number = MAX_PENDING_SIGNALS,
  ) {}

  /** Queues `item`; the promise settles when its job has run (or rejects when it fails). */
  push(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) {
        void this.drain();
        return;
      }
      if (this.waiting.length > this.limit) {
        const oldest = this.waiting.shift()!;
        oldest.reject(this.dropped(oldest.item));
      }
    });
  }

  /** Rejects every waiting job with the error `reason` builds for it; the running one goes on. */
  clear(reason: (item: T) => unknown): void {
    const waiting = this.waiting.splice(0, this.waiting.length);
    for (const job of waiting) job.reject(reason(job.item));
  }

  /** Jobs waiting behind the running one. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Settles once no job is running or waiting. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    let next = this.waiting.shift();
    while (next !== undefined) {
      try {
        await this.run(next.item);
        next.resolve();
      } catch (error) {
        next.reject(error);
      }
      next = this.waiting.shift();
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
