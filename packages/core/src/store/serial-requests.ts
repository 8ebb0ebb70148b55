/** While the store is unavailable, tries again no more often than this, ms. */
const DEGRADED_RETRY_MS = 500;

/** What {@link SerialRequests} drives: the link's work queue. */
export interface RequestSource {
  /** Whether a request is wanted, now or later (a refresh of a circuit in use). */
  hasWork(): boolean;
  /** Whether anything waits to be sent now (what {@link SerialRequests.flush} sends). */
  hasPending(): boolean;
  /** Sends the next request and handles its reply. */
  next(): Promise<void>;
  /** The request failed (the store is unavailable). */
  failed(error: unknown): void;
  /** Whether the store is unavailable (requests are then spaced out). */
  degraded(): boolean;
  /** How long to wait before the next request when one just finished, ms. */
  pause(): number;
}

/**
 * One store request in flight at a time, started from a single unref'd timer (never keeping
 * the process alive) or at once by {@link flush}. Serial requests keep a link's reasoning
 * simple: every reply is handled against the state the previous one left.
 */
export class SerialRequests {
  private busy: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the scheduled request is due (monotonic ms). */
  private due = Number.POSITIVE_INFINITY;

  constructor(private readonly source: RequestSource) {}

  /** Whether a request is in flight or one is scheduled. */
  get active(): boolean {
    return this.busy !== undefined || this.timer !== undefined;
  }

  /**
   * Sends the next request after `delay` ms, unless one is in flight or is due sooner (a
   * request due later, such as a refresh, is brought forward).
   */
  schedule(delay: number): void {
    if (this.busy !== undefined) return;
    const wait = this.source.degraded() ? Math.max(delay, DEGRADED_RETRY_MS) : delay;
    const now = performance.now();
    if (this.timer !== undefined) {
      if (this.due <= now + wait) return;
      clearTimeout(this.timer);
    }
    this.due = now + wait;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
    this.timer.unref?.();
  }

  /**
   * Sends everything now and waits for the replies: a few rounds (a transition, then the batch
   * behind it); an unavailable store gets one try.
   */
  async flush(): Promise<void> {
    for (let i = 0; i < 5 && (this.busy !== undefined || this.source.hasPending()); i++) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      if (this.busy === undefined) this.pump();
      await this.busy;
      if (this.source.degraded()) return;
    }
  }

  private pump(): void {
    if (this.busy !== undefined || !this.source.hasWork()) return;
    this.busy = this.source
      .next()
      .catch((error: unknown) => this.source.failed(error))
      .finally(() => {
        this.busy = undefined;
        if (this.source.hasWork()) this.schedule(this.source.pause());
      });
  }
}
