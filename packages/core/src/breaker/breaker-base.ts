import { type Clock, monotonicClock, monotonicNow } from '../clock';
import { CallNotPermittedError } from '../errors';
import type { BreakerView, ListenerErrorHandler } from '../listeners/listener';
import { ListenerQueue } from '../listeners/queue';
import type { CallEvent, CallOutcome, Signal } from '../listeners/signal';
import { type CallRecord, type Metric, MetricSnapshot } from '../metric';
import { Permit } from '../permits/permit';
import { RampUp } from '../permits/ramp-up';
import { Cooldown } from '../retries/cooldown';
import { Retry } from '../retries/retry';
import type { State } from '../state';
import { All } from '../trackers/all';
import { Tracker } from '../trackers/tracker';
import { FailureRate } from '../trippers/failure-rate';
import { FailureStreak } from '../trippers/failure-streak';
import { HalfOpened } from '../trippers/half-opened';
import { MinRequests } from '../trippers/min-requests';
import { SlowRate } from '../trippers/slow-rate';
import { type CallContext, Tripper } from '../trippers/tripper';
import { describeValue, invalid } from '../validate';
import { CountWindow } from '../windows/count-window';
import { Window } from '../windows/window';
import type { CircuitBreakerInfo } from './info';
import type { CircuitBreakerOptions } from './options';
import { type BreakerSnapshot, parseSnapshot, SNAPSHOT_FORMAT } from './snapshot';

/** The wait used when a user's Retry throws or returns NaN (the default cooldown). */
const FALLBACK_DELAY = 60_000;

/** A listener as the breaker sees it: a function or an object with `notify`. */
interface ListenerLike {
  notify?(signal: Signal): unknown;
  close?(): unknown;
  attach?(breaker: BreakerView): void;
  onCall?(event: CallEvent): void;
}

/** Shared by every breaker without listeners. */
const NONE: readonly never[] = Object.freeze([]);

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

/** The default tripper of SPEC §4: a failed probe reopens, half of 100 calls failing trips. */
export function defaultTripper(): Tripper {
  return new HalfOpened()
    .and(new FailureStreak(1))
    .or(new MinRequests(100).and(new FailureRate(0.5)));
}

/**
 * The default components hold no state, so every breaker shares one set: 10,000 breakers do
 * not need 10,000 copies of the default tripper tree.
 */
let defaults: { tracker: Tracker; tripper: Tripper; retry: Retry; permit: Permit } | undefined;
function sharedDefaults() {
  defaults ??= {
    tracker: new All(),
    tripper: defaultTripper(),
    retry: new Cooldown(60_000),
    permit: new RampUp({ initial: 0.1, final: 1, duration: 60_000 }),
  };
  return defaults;
}

function safeString(value: unknown): string {
  try {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return typeof value === 'string' ? value : describeValue(value);
  } catch {
    return 'an unprintable error';
  }
}

function defaultErrorHandler(error: unknown, signal?: Signal): void {
  const where = signal ? `on ${signal.oldState} -> ${signal.newState}` : 'during a call';
  console.error(`[fluxgate] a listener or user component failed ${where}: ${safeString(error)}`);
}

function checkComponent<T>(owner: string, name: string, value: unknown, base: Function): T {
  if (!(value instanceof base)) {
    invalid(owner, name, `an instance of ${base.name}`, value, true);
  }
  return value as T;
}

/**
 * The state machine shared by {@link CircuitBreaker} and {@link AsyncCircuitBreaker}: states,
 * recording, tripping, transitions and listener fan-out. The subclasses only add how a call is
 * run (synchronously, or awaited with timeouts and a half_open probe cap).
 */
export abstract class BreakerBase {
  /** The window the tripper reads (option `window`). */
  protected readonly window: Window;
  /** Which errors count as failures (option `tracker`). */
  protected readonly tracker: Tracker;
  /** When to open (option `tripper`). */
  protected readonly tripper: Tripper;
  /** How long open waits (option `retry`). */
  protected readonly retry: Retry;
  /** Which half_open calls probe (option `permit`). */
  protected readonly permit: Permit;
  /** The injected monotonic clock (option `clock`). */
  protected readonly clock: Clock;
  /** The injected random source (option `random`). */
  protected readonly random: () => number;
  /** Flags returned values as failures (option `resultTracker`). */
  protected readonly resultTracker: ((result: unknown) => boolean) | undefined;
  /** Receives faults of user code (option `onListenerError`). */
  protected readonly onListenerError: ListenerErrorHandler;
  /** Whether call durations are measured. */
  protected readonly measure: boolean;
  /** Whether a recorded call needs the time (durations, or a time-based window). */
  protected readonly timed: boolean;
  /** One delivery queue per listener (a shared empty array for breakers without listeners). */
  private queues: readonly ListenerQueue[] = NONE;
  private callListeners: readonly ListenerLike[] = NONE;
  /** Listeners that implement `close()`, for {@link close}. */
  private closables: readonly ListenerLike[] = NONE;
  /** Set by the first {@link close}, so later calls return the same promise. */
  private closed: Promise<void> | undefined;
  /** Signals sent while a broadcast is under way (set only during a broadcast). */
  private backlog: { signal: Signal; done: () => void }[] | undefined;
  /** Whether any listener takes call events. */
  protected readonly emitsCalls: boolean;

  /** The current state. */
  protected state: State = 'closed';
  /** Bumped by every transition; outcomes of an older generation are not recorded. */
  protected generation = 0;
  /** Failures in a row; cleared by a success and on entering half_open or closed. */
  protected consecutiveFailures = 0;
  /** half_open -> open transitions since the circuit was last closed. */
  protected reopens = 0;
  /** Monotonic ms of the last transition. */
  protected changedAt: number;
  /** Monotonic ms at which open admits a probe; NaN unless open. */
  protected retryAt = Number.NaN;

  private readonly record: CallRecord = { success: true, duration: 0, slowAt: NONE, at: 0 };
  private readonly context: { metric: Metric; state: State; consecutiveFailures: number };
  /** The built-in clock is monotonic and finite: its readings need no sanitising. */
  private readonly trustedClock: boolean;
  /** Sanitised clock: never goes back, never NaN (see `now`). */
  private lastNow: number;
  private skew = 0;
  /** Epoch ms minus monotonic ms, fixed at construction. */
  private readonly epochOffset: number;

  protected constructor(
    owner: string,
    options: CircuitBreakerOptions | undefined,
    allowedKeys: readonly string[],
    acceptListener: (listener: unknown, index: number) => void,
  ) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      invalid(owner, 'options', 'an object', options, true);
    }
    const opts = (options ?? {}) as CircuitBreakerOptions & Record<string, unknown>;
    for (const key of Object.keys(opts)) {
      if (!allowedKeys.includes(key)) {
        throw new TypeError(
          `${owner}: unknown option '${key}'; the options are ${allowedKeys.join(', ')}`,
        );
      }
    }
    this.window =
      opts.window === undefined
        ? new CountWindow(100)
        : checkComponent(owner, 'window', opts.window, Window);
    const shared = sharedDefaults();
    this.tracker =
      opts.tracker === undefined
        ? shared.tracker
        : checkComponent(owner, 'tracker', opts.tracker, Tracker);
    this.tripper =
      opts.tripper === undefined
        ? shared.tripper
        : checkComponent(owner, 'tripper', opts.tripper, Tripper);
    this.retry =
      opts.retry === undefined ? shared.retry : checkComponent(owner, 'retry', opts.retry, Retry);
    this.permit =
      opts.permit === undefined
        ? shared.permit
        : checkComponent(owner, 'permit', opts.permit, Permit);
    const clock = opts.clock ?? monotonicClock;
    if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
      invalid(owner, 'clock', 'an object with a now() method', clock, true);
    }
    this.clock = clock;
    this.trustedClock = clock === monotonicClock;
    this.random = opts.random ?? Math.random;
    if (typeof this.random !== 'function')
      invalid(owner, 'random', 'a function', opts.random, true);
    this.onListenerError = opts.onListenerError ?? defaultErrorHandler;
    if (typeof this.onListenerError !== 'function') {
      invalid(owner, 'onListenerError', 'a function', opts.onListenerError, true);
    }
    this.resultTracker = opts.resultTracker;
    if (this.resultTracker !== undefined && typeof this.resultTracker !== 'function') {
      invalid(owner, 'resultTracker', 'a function', opts.resultTracker, true);
    }
    if (opts.measureDurations !== undefined && typeof opts.measureDurations !== 'boolean') {
      invalid(owner, 'measureDurations', 'a boolean', opts.measureDurations, true);
    }
    const snapshot = opts.initialState === undefined ? undefined : parseSnapshot(opts.initialState);

    const listeners = this.collectListeners(owner, opts.listeners, acceptListener);
    this.emitsCalls = this.callListeners.length > 0;

    const { thresholds, latency } = scanTripper(this.tripper);
    // Not frozen: `indexOf` on a frozen array is twice as slow, and SlowRate looks up its
    // threshold on every evaluation.
    this.record.slowAt = thresholds.length === 0 ? NONE : thresholds;
    this.measure = opts.measureDurations ?? (latency || this.emitsCalls);
    this.timed = this.measure || this.window.timed;
    this.context = { metric: this.window.metric(), state: 'closed', consecutiveFailures: 0 };

    this.lastNow = this.readRawClock(0);
    this.epochOffset = Date.now() - this.lastNow;
    this.changedAt = this.lastNow;
    if (snapshot !== undefined) this.restore(snapshot);

    for (const listener of listeners) {
      if (typeof listener !== 'function' && typeof listener.attach === 'function') {
        this.attachListener(listener);
      }
    }
  }

  /**
   * The current state, the time of the last transition, the retry time and a copy of the
   * window.
   */
  info(): CircuitBreakerInfo {
    const now = this.now();
    return {
      state: this.state,
      changedAt: this.toEpoch(this.changedAt),
      reopens: this.reopens,
      retryAt: this.state === 'open' ? this.toEpoch(this.retryAt) : null,
      metrics: MetricSnapshot.of(this.window.metric(now), this.measure),
    };
  }

  /**
   * The breaker's state as plain JSON, for `initialState` of a breaker in another process.
   * The window is not included.
   */
  snapshot(): BreakerSnapshot {
    const retryAt = this.state === 'open' ? this.toEpoch(this.retryAt) : null;
    return {
      format: SNAPSHOT_FORMAT,
      state: this.state,
      changedAt: this.toEpoch(this.changedAt),
      reopens: this.reopens,
      retryAt: retryAt !== null && Number.isFinite(retryAt) ? retryAt : null,
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  // ---- admission -------------------------------------------------------------------------

  /**
   * Decides whether a call may run when the state is neither closed nor metrics_only (the
   * callers test those inline). Returns the state that handles the call, or the
   * `CallNotPermittedError` to reject it with: returned, not thrown, so the async breaker can
   * reject without a throw and the sync one throws from a single frame (unwinding is most of a
   * rejection's cost). An open circuit past its retry time moves to half_open here.
   */
  protected admit(): State | CallNotPermittedError {
    const state = this.state;
    if (state === 'closed' || state === 'metrics_only' || state === 'disabled') return state;
    if (state === 'open') {
      const now = this.now();
      if (!(now >= this.retryAt)) return this.reject();
      this.transition('half_open', now);
      return this.admitProbe(now);
    }
    if (state === 'half_open') return this.admitProbe(this.now());
    return this.reject();
  }

  private admitProbe(now: number): State | CallNotPermittedError {
    // The state may have moved on inside a listener of the transition just made.
    if (this.state !== 'half_open') return this.admit();
    if (this.probesFull()) return this.reject();
    let admitted: boolean;
    try {
      admitted = this.permit.admit(now - this.changedAt, this.random);
    } catch (error) {
      // A broken permit must not wedge the circuit in half_open: probe as `All` would.
      this.reportFault(error);
      admitted = true;
    }
    if (!admitted) return this.reject();
    this.probeStarted();
    return 'half_open';
  }

  /** Whether half_open already runs as many probes as it may (the async breaker caps them). */
  protected probesFull(): boolean {
    return false;
  }

  /** A probe was admitted in half_open. */
  protected probeStarted(): void {}

  /** Builds the rejection for the current state and reports it as a call event. */
  protected reject(): CallNotPermittedError {
    const state = this.state;
    if (this.emitsCalls) this.emitCall('rejected', null, state);
    return new CallNotPermittedError(state, state === 'open' ? this.toEpoch(this.retryAt) : null);
  }

  // ---- settling a call -------------------------------------------------------------------

  /** Start time of a call: read only when durations are measured. */
  protected startTime(): number {
    return this.measure ? this.now() : 0;
  }

  /**
   * A call returned `result`. Records a success, or a failure when the result tracker flags
   * it, unless the call belongs to an ended generation.
   */
  protected settleValue(
    result: unknown,
    start: number,
    generation: number,
    state: State,
    resultTracker: ((result: unknown) => boolean) | undefined,
  ): void {
    let success = true;
    if (resultTracker !== undefined) {
      try {
        success = !resultTracker(result);
      } catch (error) {
        this.reportFault(error);
        success = false;
      }
    }
    this.settle(success, start, generation, state, success ? 'success' : 'failure');
  }

  /**
   * A call threw or rejected with `error` (or timed out, `outcome` 'timeout'). Records a
   * failure when the tracker counts the error; otherwise records nothing.
   */
  protected settleError(
    error: unknown,
    start: number,
    generation: number,
    state: State,
    outcome: CallOutcome = 'failure',
  ): void {
    let counts: boolean;
    try {
      counts = this.tracker.matches(error);
    } catch (fault) {
      // The safe side: an error we cannot classify counts.
      this.reportFault(fault);
      counts = true;
    }
    if (counts) this.settle(false, start, generation, state, outcome);
    else this.settleIgnored(start, generation, state, outcome === 'timeout' ? outcome : 'ignored');
  }

  /** A call ended in a way that is nobody's fault (ignored error, caller aborted). */
  protected settleIgnored(
    start: number,
    generation: number,
    state: State,
    outcome: CallOutcome = 'ignored',
  ): void {
    if (generation === this.generation) this.releaseProbe(state);
    if (this.emitsCalls) this.emitCall(outcome, this.measure ? this.now() - start : 0, state);
  }

  private settle(
    success: boolean,
    start: number,
    generation: number,
    state: State,
    outcome: CallOutcome,
  ): void {
    const at = this.timed ? this.now() : 0;
    const duration = this.measure ? at - start : 0;
    if (generation === this.generation && state !== 'disabled') {
      this.releaseProbe(state);
      this.recordCall(success, duration, at, state);
    }
    if (this.emitsCalls) this.emitCall(outcome, duration, state);
  }

  /** Frees a half_open probe slot; the async breaker counts them. */
  protected releaseProbe(_state: State): void {}

  private recordCall(success: boolean, duration: number, at: number, state: State): void {
    this.consecutiveFailures = success ? 0 : this.consecutiveFailures + 1;
    const record = this.record;
    record.success = success;
    record.duration = duration;
    record.at = at;
    this.window.record(record);
    if (state === 'metrics_only') return;
    const context = this.context;
    context.metric = this.window.metric();
    context.state = state;
    context.consecutiveFailures = this.consecutiveFailures;
    let trip: boolean;
    try {
      trip = this.tripper.evaluate(context as CallContext);
    } catch (error) {
      this.reportFault(error);
      trip = false;
    }
    if (trip) this.transition('open', at || this.now());
    else if (success && state === 'half_open') this.transition('closed', at || this.now());
  }

  // ---- transitions -----------------------------------------------------------------------

  /**
   * Moves to `to` (also when it is the current state: manual controls always signal), clears
   * the window, starts a new generation and notifies the listeners. Returns a promise that
   * settles when every listener has handled the signal, or undefined when all returned
   * synchronously.
   */
  protected transition(to: State, now = this.now()): Promise<void> | undefined {
    const from = this.state;
    const metrics = MetricSnapshot.of(this.window.metric(now), this.measure);
    const streak = this.consecutiveFailures;
    this.state = to;
    this.generation++;
    this.changedAt = now;
    this.window.reset();
    this.onTransition();
    if (to === 'half_open' || to === 'closed') this.consecutiveFailures = 0;
    if (to === 'closed') this.reopens = 0;
    if (to === 'open') {
      if (from === 'half_open') this.reopens++;
      this.retryAt = now + this.drawDelay();
    } else {
      this.retryAt = Number.NaN;
    }
    const signal: Signal = Object.freeze({
      oldState: from,
      newState: to,
      timestamp: this.toEpoch(now),
      metrics,
      reopens: this.reopens,
      consecutiveFailures: streak,
      origin: 'local',
    });
    return this.broadcast(signal);
  }

  /** Hook for per-episode bookkeeping (the async breaker's probe count). */
  protected onTransition(): void {}

  private drawDelay(): number {
    let delay: number;
    try {
      delay = this.retry.delay(this.reopens, this.random);
    } catch (error) {
      this.reportFault(error);
      return FALLBACK_DELAY;
    }
    if (typeof delay !== 'number' || Number.isNaN(delay)) {
      this.reportFault(
        new TypeError(`Retry.delay must return a number of ms, got ${describeValue(delay)}`),
      );
      return FALLBACK_DELAY;
    }
    return Math.max(delay, 0);
  }

  private broadcast(signal: Signal): Promise<void> | undefined {
    if (this.backlog !== undefined) {
      // A listener moved the breaker from inside notify: this signal waits until the current
      // one has reached every listener, so each listener sees the transitions in order.
      const backlog = this.backlog;
      return new Promise<void>((done) => backlog.push({ signal, done }));
    }
    const backlog: { signal: Signal; done: () => void }[] = [];
    this.backlog = backlog;
    try {
      const delivered = this.deliver(signal);
      for (let next = backlog.shift(); next !== undefined; next = backlog.shift()) {
        const delivery = this.deliver(next.signal);
        if (delivery === undefined) next.done();
        else delivery.then(next.done);
      }
      return delivered;
    } finally {
      this.backlog = undefined;
    }
  }

  /** Hands one signal to every listener's queue, in order. */
  private deliver(signal: Signal): Promise<void> | undefined {
    const pending: Promise<void>[] = [];
    for (const queue of this.queues) {
      const delivery = queue.deliver(signal);
      if (delivery !== undefined) pending.push(delivery);
    }
    return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
  }

  /** Waits until every listener has handled every signal given to it so far. */
  protected idle(): Promise<void> {
    return Promise.all(this.queues.map((queue) => queue.idle())).then(() => undefined);
  }

  /**
   * Closes every listener that implements `close()` (a `PrometheusListener` then removes its
   * series), after the signals already sent have been delivered. Settles once each listener's
   * `close()` has settled; a listener whose `close()` throws or rejects is reported to
   * `onListenerError` and the others are still closed. Idempotent: later calls return the same
   * promise. The breaker itself keeps working; call it when the circuit is discarded.
   */
  close(): Promise<void> {
    this.closed ??= this.idle().then(() =>
      Promise.all(
        this.closables.map((listener) =>
          new Promise<unknown>((resolve) => resolve(listener.close!())).catch((error: unknown) =>
            this.reportFault(error),
          ),
        ),
      ).then(() => undefined),
    );
    return this.closed;
  }

  // ---- listeners -------------------------------------------------------------------------

  private collectListeners(
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
    const report = (error: unknown, signal?: Signal) => this.reportFault(error, signal);
    const queues: ListenerQueue[] = [];
    const callListeners: ListenerLike[] = [];
    for (const listener of list as (ListenerLike | ((signal: Signal) => unknown))[]) {
      const notify =
        typeof listener === 'function'
          ? listener
          : (signal: Signal) => (listener as ListenerLike).notify!(signal);
      queues.push(new ListenerQueue(notify, report));
      if (typeof listener !== 'function' && typeof listener.onCall === 'function') {
        callListeners.push(listener);
      }
    }
    const closables = (list as ListenerLike[]).filter(
      (listener) => typeof listener !== 'function' && typeof listener.close === 'function',
    );
    if (closables.length > 0) this.closables = closables;
    if (queues.length > 0) this.queues = queues;
    if (callListeners.length > 0) this.callListeners = callListeners;
    return list as (ListenerLike | ((signal: Signal) => unknown))[];
  }

  private attachListener(listener: ListenerLike): void {
    const attached = attachedListeners();
    if (attached.has(listener)) {
      throw new TypeError(
        `${listener.constructor?.name ?? 'listener'} is already attached to another breaker; ` +
          'create one listener per circuit',
      );
    }
    attached.add(listener);
    try {
      listener.attach!(this as BreakerView);
    } catch (error) {
      this.reportFault(error);
    }
  }

  /** Hands one call event to every listener with `onCall`, isolating their faults. */
  protected emitCall(outcome: CallOutcome, duration: number | null, state: State): void {
    const event: CallEvent = { outcome, duration, state };
    for (const listener of this.callListeners) {
      try {
        listener.onCall!(event);
      } catch (error) {
        this.reportFault(error);
      }
    }
  }

  /** Sends a fault of a user component to `onListenerError`, which must not break us either. */
  protected reportFault(error: unknown, signal?: Signal): void {
    try {
      this.onListenerError(error, signal);
    } catch (fault) {
      try {
        defaultErrorHandler(fault, signal);
      } catch {
        // Nothing left to report to.
      }
    }
  }

  // ---- time ------------------------------------------------------------------------------

  /**
   * Monotonic ms from the injected clock, sanitised: a clock that steps back, stalls or returns
   * NaN (or throws) never moves the breaker's time backwards, so it can neither stretch an open
   * circuit's wait by the size of the step nor trip anything spuriously. After a step back,
   * time continues from where it was.
   */
  protected now(): number {
    if (this.trustedClock) return monotonicNow();
    const raw = this.readRawClock(this.lastNow - this.skew);
    const t = raw + this.skew;
    if (t >= this.lastNow) {
      this.lastNow = t;
      return t;
    }
    // Stepped back: shift the clock so it goes on from the last reading.
    if (Number.isFinite(raw)) this.skew += this.lastNow - t;
    return this.lastNow;
  }

  private readRawClock(fallback: number): number {
    try {
      const t = this.clock.now();
      // Beyond ±2^53 ms a reading has lost its milliseconds (and would poison the step-back
      // correction for good): treat it like NaN.
      return typeof t === 'number' && Math.abs(t) <= Number.MAX_SAFE_INTEGER ? t : fallback;
    } catch (error) {
      this.reportFault(error);
      return fallback;
    }
  }

  /** Epoch ms, rounded to whole ms like `Date.now()`. */
  protected toEpoch(monotonic: number): number {
    return Math.round(this.epochOffset + monotonic);
  }

  private restore(snapshot: BreakerSnapshot): void {
    this.state = snapshot.state;
    this.changedAt = snapshot.changedAt - this.epochOffset;
    this.reopens = snapshot.reopens;
    this.consecutiveFailures = snapshot.consecutiveFailures;
    this.retryAt =
      snapshot.state !== 'open'
        ? Number.NaN
        : snapshot.retryAt === null
          ? Number.POSITIVE_INFINITY
          : snapshot.retryAt - this.epochOffset;
  }
}

/** Walks the tripper tree once: SlowRate thresholds to count, and whether durations matter. */
function scanTripper(root: Tripper): { thresholds: number[]; latency: boolean } {
  const thresholds: number[] = [];
  let latency = false;
  const seen = new Set<Tripper>();
  const visit = (tripper: Tripper) => {
    if (seen.has(tripper)) return;
    seen.add(tripper);
    if (tripper.usesDurations) latency = true;
    if (tripper instanceof SlowRate && !thresholds.includes(tripper.threshold)) {
      thresholds.push(tripper.threshold);
    }
    for (const child of tripper.children()) visit(child);
  };
  visit(root);
  return { thresholds, latency };
}
