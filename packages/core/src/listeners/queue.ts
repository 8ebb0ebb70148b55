import { isThenable } from '../thenable';
import type { Signal } from './signal';

/** How many signals may wait behind the one a listener is handling. */
export const MAX_PENDING_SIGNALS = 100;

type Notify = (signal: Signal) => unknown;
type Report = (error: unknown, signal: Signal) => void;

interface Waiting {
  signal: Signal;
  done: () => void;
}

/**
 * Delivers one listener's signals strictly in order. A listener that returns synchronously is
 * simply called; one that returns a promise holds later signals back until it settles, with a
 * bounded queue so a listener that never answers cannot grow memory without end.
 *
 * @internal
 */
export class ListenerQueue {
  private readonly waiting: Waiting[] = [];
  #busy = false;
  /** One promise shared by every idle() caller while busy, so waiters cannot pile up. */
  #idle: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(
    private readonly notify: Notify,
    private readonly report: Report,
  ) {}

  /**
   * Hands `signal` to the listener now, or queues it behind the one in flight. Returns a promise
   * that settles (never rejects) once this signal's delivery is over, or undefined when the
   * listener already returned synchronously.
   */
  deliver(signal: Signal): Promise<void> | undefined {
    if (!this.#busy) return this.start(signal);
    return new Promise<void>((done) => {
      this.waiting.push({ signal, done });
      if (this.waiting.length > MAX_PENDING_SIGNALS) {
        const dropped = this.waiting.shift()!;
        this.report(
          new Error(
            `listener is too slow: ${MAX_PENDING_SIGNALS} signals were waiting, so the ` +
              `${dropped.signal.oldState} -> ${dropped.signal.newState} signal was dropped`,
          ),
          dropped.signal,
        );
        dropped.done();
      }
    });
  }

  /** Settles once nothing is in flight or waiting. */
  idle(): Promise<void> {
    if (!this.#busy) return Promise.resolve();
    if (this.#idle === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.#idle = { promise, resolve };
    }
    return this.#idle.promise;
  }

  /** Whether the listener is still handling an earlier signal. */
  get busy(): boolean {
    return this.#busy;
  }

  private start(signal: Signal): Promise<void> | undefined {
    let result: unknown;
    try {
      result = this.notify(signal);
      // Inside the try: a returned Proxy or an object whose `then` getter throws is a fault of
      // the listener like any other.
      if (!isThenable(result)) return undefined;
    } catch (error) {
      this.report(error, signal);
      return undefined;
    }
    this.#busy = true;
    let settled: Promise<unknown>;
    try {
      settled = Promise.resolve(result);
    } catch (error) {
      settled = Promise.reject(error);
    }
    return settled.then(
      () => this.next(),
      (error: unknown) => {
        this.report(error, signal);
        this.next();
      },
    );
  }

  private next(): void {
    this.#busy = false;
    const item = this.waiting.shift();
    if (item !== undefined) {
      const delivery = this.start(item.signal);
      if (delivery === undefined) item.done();
      else delivery.then(item.done);
      if (this.#busy) return;
      // The listener answered synchronously this time: keep draining.
      this.next();
      return;
    }
    const idle = this.#idle;
    this.#idle = undefined;
    idle?.resolve();
  }
}
