import { BreakerClock } from '../clock';
import { type CallNotPermittedError, notPermitted } from '../errors';
import { ListenerFanOut } from '../listeners/fan-out';
import { faultReporter, type ReportFault } from '../listeners/faults';
import type { CallOutcome } from '../listeners/signal';
import type { CallRecord, Metric } from '../metric';
import type { Permit } from '../permits/permit';
import type { Retry } from '../retries/retry';
import type { State } from '../state';
import { BreakerFleet, type FleetChange } from '../store/breaker-fleet';
import { annotationsFor, type CircuitAnnotations } from '../store/circuit-annotations';
import type { Tracker } from '../trackers/tracker';
import type { CallContext, Tripper } from '../trippers/tripper';
import type { Window } from '../windows/window';
import { counts, flagged, verdict } from './consult';
import { restoreFacts } from './facts';
import { HalfOpenEpisode } from './half-open';
import { parseOptions } from './options';
import { transition } from './transition';

/** Shared by every breaker whose tripper has no SlowRate rule. */
const NO_THRESHOLDS: readonly number[] = Object.freeze([]);

/**
 * The state machine behind both breakers: admission, settling a call, tripping, and the one
 * {@link transition} every state change goes through. It lives in a `#private` field of the
 * public breaker, so nothing a subclass or a caller defines can reach or shadow its members.
 * half_open's own rules live in {@link HalfOpenEpisode}, listener fan-out in
 * {@link ListenerFanOut}, time in {@link BreakerClock}, option parsing in `options.ts`, the steps
 * of a transition in `transition.ts`.
 *
 * @internal
 */
export class StateMachine {
  readonly window: Window;
  readonly tracker: Tracker;
  readonly tripper: Tripper;
  readonly retry: Retry;
  readonly permit: Permit;
  readonly random: () => number;
  readonly resultTracker: ((result: unknown) => boolean) | undefined;
  readonly report: ReportFault;
  readonly time: BreakerClock;
  readonly listeners: ListenerFanOut;
  readonly episode: HalfOpenEpisode;
  /** The breaker's side of its `store`; undefined without one (nothing fleet-related runs). */
  readonly fleet: BreakerFleet | undefined;
  /**
   * What the listeners share through the `store` (or in memory without one). Without a store it
   * holds the owner's name until first use: most breakers never need annotations.
   */
  #annotations: CircuitAnnotations | string;
  /** Whether call durations are measured; `timed`: whether a recorded call needs the time. */
  readonly measure: boolean;
  readonly timed: boolean;
  readonly emitsCalls: boolean;
  /** The async breaker's options, parsed here so that construction is all-or-nothing. */
  readonly maxHalfOpenCalls: number;
  readonly timeout: number;

  // The circuit's facts: the only state a shared store would need, changed only by transition().
  state: State = 'closed';
  /** Bumped by every transition; outcomes and verdicts of an older generation are discarded. */
  generation = 0;
  /** half_open -> open transitions since the circuit was last closed. */
  reopens = 0;
  /** Monotonic ms of the last transition. */
  changedAt: number;
  /** Monotonic ms at which open admits a probe; NaN unless open. */
  retryAt = Number.NaN;

  /** Failures in a row; cleared by a success and on entering half_open or closed. */
  consecutiveFailures = 0;
  readonly #record: CallRecord = { success: true, duration: 0, slowAt: NO_THRESHOLDS, at: 0 };
  readonly #context: { metric: Metric; state: State; consecutiveFailures: number };

  constructor(
    owner: string,
    options: unknown,
    allowedKeys: readonly string[],
    accept: (listener: unknown, index: number) => void,
  ) {
    const opts = parseOptions(owner, options, allowedKeys);
    this.#annotations = opts.store === undefined ? owner : annotationsFor(owner, opts.store);
    ({ window: this.window, tracker: this.tracker, tripper: this.tripper } = opts);
    ({ retry: this.retry, permit: this.permit, random: this.random } = opts);
    ({ resultTracker: this.resultTracker, maxHalfOpenCalls: this.maxHalfOpenCalls } = opts);
    this.timeout = opts.timeout;
    const report = faultReporter(opts.onListenerError);
    this.report = report;
    this.listeners = ListenerFanOut.of(owner, opts.listeners, accept, report);
    this.emitsCalls = this.listeners.emitsCalls;
    this.episode = new HalfOpenEpisode(
      opts.maxHalfOpenCalls,
      opts.probesToClose,
      opts.maxHalfOpenWait,
    );
    // Not frozen: `indexOf` on a frozen array is twice as slow, and SlowRate looks up its
    // threshold on every evaluation.
    if (opts.slowThresholds.length > 0) this.#record.slowAt = opts.slowThresholds;
    this.measure = opts.measureDurations ?? (opts.usesDurations || this.emitsCalls);
    this.timed = this.measure || this.window.timed;
    this.#context = { metric: this.window.metric(), state: 'closed', consecutiveFailures: 0 };
    this.time = new BreakerClock(opts.clock, report);
    this.changedAt = this.time.now();
    if (opts.snapshot !== undefined) restoreFacts(this, opts.snapshot);
    this.fleet = opts.store && new BreakerFleet(this, opts.store, opts.slowThresholds);
    if (this.fleet !== undefined) this.window = this.fleet.link.window;
  }

  get annotations(): CircuitAnnotations {
    if (typeof this.#annotations === 'string') {
      this.#annotations = annotationsFor(this.#annotations, undefined);
    }
    return this.#annotations;
  }

  /** Monotonic ms, sanitised (see {@link BreakerClock.now}). */
  now(): number {
    return this.time.now();
  }

  /**
   * Ends a half_open episode that has lasted past `maxHalfOpenWait` without a decision: a failed
   * recovery (probes that hang). Checked lazily, at a call, a probe's outcome and `info()`.
   */
  expireEpisode(now: number): boolean {
    if (this.state !== 'half_open' || !this.episode.expired(now - this.changedAt)) return false;
    this.transition('open', now);
    return true;
  }

  /**
   * Decides whether a call may run when the state is neither closed nor metrics_only (the
   * callers test those inline). Returns the state that handles the call, or the
   * `CallNotPermittedError` to reject it with: returned, not thrown, so the async breaker can
   * reject without a throw and the sync one throws from a single frame (unwinding is most of a
   * rejection's cost). An open circuit past its retry time moves to half_open here.
   */
  admit(): State | CallNotPermittedError {
    const state = this.state;
    if (state === 'closed' || state === 'metrics_only' || state === 'disabled') return state;
    if (state === 'open') {
      const now = this.now();
      const wait = this.fleet === undefined ? !(now >= this.retryAt) : this.fleet.holdsOpen(now);
      if (wait) return this.reject();
      this.transition('half_open', now);
      return this.#admitProbe(now);
    }
    if (state === 'half_open') return this.#admitProbe(this.now());
    return this.reject();
  }

  #admitProbe(now: number): State | CallNotPermittedError {
    // The state may have moved on inside a listener of the transition just made.
    if (this.state !== 'half_open') return this.admit();
    if (this.expireEpisode(now)) return this.admit();
    const generation = this.generation;
    const verdict = this.episode.admit(now - this.changedAt, this.permit, this.random, this.report);
    // A permit that moved the breaker itself: decide again in the state it moved to.
    if (this.generation !== generation) return this.admit();
    if (verdict === 'reject' || !this.episode.start(now)) return this.reject();
    return 'half_open';
  }

  /** Builds the rejection for the current state and reports it as a call event. */
  reject(): CallNotPermittedError {
    const state = this.state;
    if (this.emitsCalls) this.listeners.emitCall('rejected', null, state);
    return notPermitted(state, state === 'open' ? this.time.toEpoch(this.retryAt) : null);
  }

  /** Start time of a call: read only when durations are measured. */
  startTime(): number {
    return this.measure ? this.now() : 0;
  }

  /**
   * A call returned `result`. Records a success, or a failure when the result tracker flags
   * it, unless the call belongs to an ended generation.
   */
  settleValue(
    result: unknown,
    start: number,
    generation: number,
    state: State,
    resultTracker: ((result: unknown) => boolean) | undefined,
  ): void {
    const success = resultTracker === undefined || !flagged(resultTracker, result, this.report);
    this.#settle(success, start, generation, state, success ? 'success' : 'failure');
  }

  /**
   * A call threw or rejected with `error` (or timed out, `outcome` 'timeout'). Records a
   * failure when the tracker counts the error; otherwise records nothing.
   */
  settleError(
    error: unknown,
    start: number,
    generation: number,
    state: State,
    outcome: CallOutcome = 'failure',
  ): void {
    if (!counts(this.tracker, error, this.report)) {
      this.settleIgnored(start, generation, state, outcome === 'timeout' ? outcome : 'ignored');
    } else this.#settle(false, start, generation, state, outcome);
  }

  /** A call ended in a way that is nobody's fault (ignored error, caller aborted). */
  settleIgnored(start: number, gen: number, state: State, outcome: CallOutcome = 'ignored'): void {
    if (gen === this.generation && state === 'half_open') this.episode.release();
    if (this.emitsCalls) {
      this.listeners.emitCall(outcome, this.measure ? this.now() - start : null, state);
    }
  }

  #settle(success: boolean, start: number, gen: number, state: State, outcome: CallOutcome): void {
    const at = this.timed ? this.now() : 0;
    const duration = this.measure ? at - start : 0;
    if (gen === this.generation && state !== 'disabled') {
      // Past the episode's deadline a probe belongs to a failed recovery, not to a decision.
      if (state !== 'half_open' || this.#probeCounts(at)) {
        this.#recordCall(success, duration, at, state);
      }
    }
    if (this.emitsCalls) this.#emitCall(outcome, duration, state);
  }

  /** A probe's outcome arrived: false if the episode is past its deadline (a failed recovery). */
  #probeCounts(at: number): boolean {
    if (this.expireEpisode(this.timed ? at : this.now())) return false;
    this.episode.release();
    return true;
  }

  #emitCall(outcome: CallOutcome, duration: number, state: State): void {
    this.listeners.emitCall(outcome, this.measure ? duration : null, state);
  }

  // The call path (#settle, #recordCall, the window's record) is kept small, and what most calls
  // never need lives in functions of its own: V8 inlines a call path only within a bytecode
  // budget, and a path over it runs a third slower, or not, depending on what it inlined first.
  #recordCall(success: boolean, duration: number, at: number, state: State): void {
    const generation = this.generation;
    this.consecutiveFailures = success ? 0 : this.consecutiveFailures + 1;
    const record = this.#record;
    record.success = success;
    record.duration = duration;
    record.at = at;
    let trip: unknown;
    // One guard for the window and the tripper: a fault of either is reported, the caller's
    // outcome is untouched, and nothing is decided.
    try {
      this.window.record(record);
      if (state === 'metrics_only') return;
      const context = this.#context;
      context.metric = this.window.metric();
      context.state = state;
      context.consecutiveFailures = this.consecutiveFailures;
      trip = this.tripper.evaluate(context as CallContext);
    } catch (error) {
      this.report(error);
      return;
    }
    if (trip !== false || state === 'half_open') this.#decide(trip, success, at, state, generation);
  }

  /** Acts on a verdict that may change the state: a trip, a fault, or a half_open probe. */
  #decide(trip: unknown, success: boolean, at: number, state: State, generation: number): void {
    // A component that moved the breaker itself: its verdict belongs to an ended generation.
    if (this.generation !== generation) return;
    if (trip === true) this.transition('open', at || this.now());
    else if (trip !== false) verdict('Tripper', 'evaluate()', trip, false, this.report);
    else if (state === 'half_open' && this.episode.closes(success)) {
      this.transition('closed', at || this.now());
    }
  }

  /**
   * Moves to `to` (also when it is the current state: manual controls always signal), clears the
   * window, starts a new generation and notifies the listeners. Every change of the circuit's
   * facts goes through here, a fleet transition `adopted` from the store too. Returns a promise
   * that settles when the listeners have handled the signal, or undefined if all were synchronous.
   * The steps are in `transition.ts`.
   */
  transition(
    to: State,
    now = this.now(),
    manual = false,
    adopted?: FleetChange,
  ): Promise<void> | undefined {
    return transition(this, to, now, manual, adopted);
  }
}
