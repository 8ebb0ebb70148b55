import type { State } from '../state';
import { invalid } from '../validate';
import { handleRejection, type ReportFault } from './faults';
import type { BreakerView } from './listener';
import { ListenerQueue } from './queue';
import type { CallEvent, CallOutcome, Signal } from './signal';

/** A listener as the breaker sees it: a function or an object with `notify`. */
interface ListenerLike {
  notify?(signal: Signal): unknown;
  close?(): unknown;
  attach?(breaker: BreakerView): unknown;
  onCall?(event: CallEvent): unknown;
}

/** Shared by every breaker without listeners. */
const NONE: readonly never[] = Object.freeze([]);
/** The fan-out of every breaker without listeners (see {@link ListenerFanOut.of}). */
let emptyFanOut: ListenerFanOut | undefined;

const ATTACHED_KEY = Symbol.for('@fluxgate/core:attachedListeners');

/** Listeners that implement `attach`, across every copy of core, so one cannot serve two breakers. */
function attachedListeners(): WeakSet<object> {
  const registry = globalThis as Record<symbol, WeakSet<object> | undefined>;
  let attached = registry[ATTACHED_KEY];
  if (attached === undefined) {
    attached = new WeakSet<object>();
    registry[ATTACHED_KEY] = attached;
  }
  return attached;
}

function listenerName(listener: object): string {
  try {
    const name = (listener as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'listener';
  } catch {
    return 'listener';
  }
}

/**
 * A breaker's listeners: one ordered delivery queue each, the re-entrancy backlog that keeps
 * signals in transition order, call events, `attach` and `close`. Constructing it only validates;
 * {@link attach} runs the listeners' `attach` once the whole breaker has been validated, so a
 * constructor that throws has attached nothing.
 *
 * @internal
 */
export class ListenerFanOut {
  /** Whether any listener takes call events. */
  readonly emitsCalls: boolean;
  readonly #report: ReportFault;
  readonly #queues: readonly ListenerQueue[] = NONE;
  readonly #callListeners: readonly ListenerLike[] = NONE;
  readonly #closables: readonly ListenerLike[] = NONE;
  readonly #attachable: readonly ListenerLike[] = NONE;
  /** Set by the first {@link close}, so later calls return the same promise. */
  #closed: Promise<void> | undefined;
  /** Signals sent while a broadcast is under way (set only during a broadcast). */
  #backlog: { signal: Signal; done: () => void }[] | undefined;

  /**
   * The fan-out of `listeners`, checked (the usual errors, naming `owner`). Every breaker without
   * listeners shares one: it holds nothing of its breaker's, and a service may keep thousands.
   */
  static of(
    owner: string,
    listeners: unknown,
    accept: (listener: unknown, index: number) => void,
    report: ReportFault,
  ): ListenerFanOut {
    const list = collect(owner, listeners, accept);
    if (list.length > 0) return new ListenerFanOut(list, report);
    emptyFanOut ??= new ListenerFanOut([], () => {});
    return emptyFanOut;
  }

  private constructor(
    list: readonly (ListenerLike | ((signal: Signal) => unknown))[],
    report: ReportFault,
  ) {
    this.#report = report;
    const queues: ListenerQueue[] = [];
    const callListeners: ListenerLike[] = [];
    const closables: ListenerLike[] = [];
    const attachable: ListenerLike[] = [];
    const reportSignal = (error: unknown, signal: Signal) => report(error, signal);
    for (const listener of list) {
      const notify =
        typeof listener === 'function' ? listener : (signal: Signal) => listener.notify!(signal);
      queues.push(new ListenerQueue(notify, reportSignal));
      if (typeof listener === 'function') continue;
      if (typeof listener.onCall === 'function') callListeners.push(listener);
      if (typeof listener.close === 'function') closables.push(listener);
      if (typeof listener.attach === 'function') attachable.push(listener);
    }
    checkAttachable(attachable);
    if (queues.length > 0) this.#queues = queues;
    if (callListeners.length > 0) this.#callListeners = callListeners;
    if (closables.length > 0) this.#closables = closables;
    if (attachable.length > 0) this.#attachable = attachable;
    this.emitsCalls = callListeners.length > 0;
  }

  /** Runs every listener's `attach` with the breaker, now that construction cannot fail. */
  attach(breaker: BreakerView): void {
    const attached = attachedListeners();
    for (const listener of this.#attachable) {
      attached.add(listener);
      try {
        handleRejection(listener.attach!(breaker), this.#report);
      } catch (error) {
        this.#report(error);
      }
    }
  }

  /**
   * Hands `signal` to every listener. Returns a promise that settles once the listeners that were
   * free have handled it, or undefined when all returned synchronously. A listener still busy
   * with an earlier signal gets this one in order but is not waited for: it may be the very
   * listener awaiting this control, which would wait on itself for good (`flush()` waits for it).
   */
  broadcast(signal: Signal): Promise<void> | undefined {
    if (this.#backlog !== undefined) {
      // A listener moved the breaker from inside notify: this signal waits until the current
      // one has reached every listener, so each listener sees the transitions in order.
      const backlog = this.#backlog;
      return new Promise<void>((done) => backlog.push({ signal, done }));
    }
    if (this.#queues.length === 0) return undefined;
    const backlog: { signal: Signal; done: () => void }[] = [];
    this.#backlog = backlog;
    try {
      const delivered = this.#deliver(signal);
      for (let next = backlog.shift(); next !== undefined; next = backlog.shift()) {
        const delivery = this.#deliver(next.signal);
        if (delivery === undefined) next.done();
        else delivery.then(next.done);
      }
      return delivered;
    } finally {
      this.#backlog = undefined;
    }
  }

  #deliver(signal: Signal): Promise<void> | undefined {
    const pending: Promise<void>[] = [];
    for (const queue of this.#queues) {
      const wasBusy = queue.busy;
      const delivery = queue.deliver(signal);
      if (delivery !== undefined && !wasBusy) pending.push(delivery);
    }
    return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
  }

  /** Settles once every listener has handled every signal given to it so far. */
  idle(): Promise<void> {
    const busy = this.#queues.filter((queue) => queue.busy);
    if (busy.length === 0) return Promise.resolve();
    if (busy.length === 1) return busy[0]!.idle();
    return Promise.all(busy.map((queue) => queue.idle())).then(() => undefined);
  }

  /** Hands one call event to every listener with `onCall`, isolating their faults. */
  emitCall(outcome: CallOutcome, duration: number | null, state: State): void {
    const event: CallEvent = { outcome, duration, state };
    for (const listener of this.#callListeners) {
      try {
        handleRejection(listener.onCall!(event), this.#report);
      } catch (error) {
        this.#report(error);
      }
    }
  }

  /** See `BreakerBase.close`. */
  close(): Promise<void> {
    this.#closed ??= this.idle().then(() =>
      Promise.all(
        this.#closables.map((listener) =>
          new Promise<unknown>((resolve) => resolve(listener.close!())).catch((error: unknown) =>
            this.#report(error),
          ),
        ),
      ).then(() => undefined),
    );
    return this.#closed;
  }
}

function collect(
  owner: string,
  listeners: unknown,
  accept: (listener: unknown, index: number) => void,
): (ListenerLike | ((signal: Signal) => unknown))[] {
  if (listeners === undefined) return [];
  if (
    listeners === null ||
    typeof (listeners as Iterable<unknown>)[Symbol.iterator] !== 'function'
  ) {
    invalid(owner, 'listeners', 'an iterable of listeners', listeners, true);
  }
  const list = [...(listeners as Iterable<unknown>)];
  list.forEach((listener, i) => {
    const isFn = typeof listener === 'function';
    const isObj =
      typeof listener === 'object' &&
      listener !== null &&
      typeof (listener as ListenerLike).notify === 'function';
    if (!isFn && !isObj) {
      invalid(owner, `listeners[${i}]`, 'a function or an object with notify()', listener, true);
    }
    accept(listener, i);
  });
  return list as (ListenerLike | ((signal: Signal) => unknown))[];
}

/** Refuses a listener with `attach` that already serves a breaker, or is listed twice. */
function checkAttachable(listeners: readonly ListenerLike[]): void {
  const attached = attachedListeners();
  const seen = new Set<ListenerLike>();
  for (const listener of listeners) {
    if (attached.has(listener) || seen.has(listener)) {
      throw new TypeError(
        `${listenerName(listener)} is already attached to ${seen.has(listener) ? 'this' : 'another'} breaker; ` +
          'create one listener per circuit',
      );
    }
    seen.add(listener);
  }
}
