import { monotonicClock } from '../clock';
import type { State } from '../state';
import { positiveFinite, positiveInteger } from '../validate';
import { BreakerBase } from './breaker-base';
import { CallerSignals } from './caller-signal';
import { Deadlines } from './deadlines';
import { rejectSoon } from './deferred';
import { ASYNC_OPTION_KEYS, type AsyncCircuitBreakerOptions } from './options';
import {
  LazyRunContext,
  type RunContext,
  type RunOptions,
  runOptions,
  UntouchedRunContext,
} from './run-context';
import { type CallSink, TimedCall } from './timed-call';

export type { RunContext, RunOptions } from './run-context';

/** Options of {@link AsyncCircuitBreaker.wrap}. */
export interface AsyncWrapOptions<R> {
  /** Called with any error of the call (a rejection by the breaker or the function's own). */
  fallback?: (error: unknown) => R | Promise<R>;
  /** Flags returned values as failures for this function, instead of the breaker's. */
  resultTracker?: (result: unknown) => boolean;
}

type ResultTracker = ((result: unknown) => boolean) | undefined;

interface Settlers {
  readonly generation: number;
  readonly onValue: (value: unknown) => unknown;
  readonly onError: (error: unknown) => never;
}

/**
 * A circuit breaker for functions that return promises. Outcomes that arrive after the state
 * they started in has ended are returned to their callers but never recorded; half_open runs
 * at most `maxHalfOpenCalls` probes at once; async listeners never delay a caller.
 *
 * @example
 * ```ts
 * import { AsyncCircuitBreaker, CallNotPermittedError } from '@fluxgate/core';
 *
 * const breaker = new AsyncCircuitBreaker({
 *   timeout: 2_000,
 *   resultTracker: (res) => res instanceof Response && res.status >= 500,
 * });
 * const quote = await breaker.callWithFallback(
 *   () => fetch('http://pricing.internal/quote'),
 *   () => cachedQuote,
 * );
 * ```
 */
export class AsyncCircuitBreaker extends BreakerBase {
  /** Probe calls in flight at once in half_open. */
  readonly maxHalfOpenCalls: number;
  /** Default per-call timeout in ms; 0 means none. */
  readonly timeout: number;
  private probes = 0;
  /** Settlers for the current generation's calls (see `execute`). */
  private shared: Settlers | undefined;
  /** The shared deadline timer and caller-signal listeners, made by the first timed call. */
  private timing: CallSink | undefined;

  constructor(options?: AsyncCircuitBreakerOptions) {
    super('AsyncCircuitBreaker', options, ASYNC_OPTION_KEYS, () => {});
    const opts = options ?? {};
    this.maxHalfOpenCalls =
      opts.maxHalfOpenCalls === undefined
        ? 10
        : positiveInteger('AsyncCircuitBreaker', 'maxHalfOpenCalls', opts.maxHalfOpenCalls);
    this.timeout =
      opts.timeout === undefined
        ? 0
        : positiveFinite('AsyncCircuitBreaker', 'timeout', opts.timeout);
  }

  /**
   * Runs `fn(...args)` if the circuit lets it and resolves with its value. Rejects with
   * `CallNotPermittedError` when not permitted, with `CallTimeoutError` after the breaker's
   * `timeout`, and with `fn`'s own error (a synchronous throw is treated like a rejection).
   */
  call<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R> {
    return this.execute(this.resultTracker, fn, ...args);
  }

  /**
   * Like {@link call}, but any error (the breaker's rejection, a timeout or `fn`'s own) is
   * handed to `fallback`, whose value is returned instead.
   */
  async callWithFallback<A extends unknown[], R, F>(
    fn: (...args: A) => R | Promise<R>,
    fallback: (error: unknown) => F | Promise<F>,
    ...args: A
  ): Promise<R | F> {
    try {
      return await this.execute(this.resultTracker, fn, ...args);
    } catch (error) {
      return fallback(error);
    }
  }

  /**
   * Returns a function with the same parameters as `fn` that runs through this breaker and
   * returns a promise of `fn`'s result.
   */
  wrap<A extends unknown[], R>(
    fn: (...args: A) => R | Promise<R>,
    options?: AsyncWrapOptions<R>,
  ): (...args: A) => Promise<R> {
    if (typeof fn !== 'function') {
      throw new TypeError(`AsyncCircuitBreaker.wrap: fn must be a function, got ${typeof fn}`);
    }
    const fallback = options?.fallback;
    const resultTracker = options?.resultTracker ?? this.resultTracker;
    if (fallback === undefined) return (...args: A) => this.execute(resultTracker, fn, ...args);
    return async (...args: A) => {
      try {
        return await this.execute(resultTracker, fn, ...args);
      } catch (error) {
        return fallback(error);
      }
    };
  }

  /**
   * Runs `fn` with a context whose `signal` aborts when the call times out or the caller's
   * `signal` aborts (created on first read, so a function that never reads it pays nothing).
   * A timeout is recorded as a failure (unless the tracker ignores `CallTimeoutError`); so is a
   * caller's deadline, a `signal` aborted with a reason named `'TimeoutError'`
   * (`AbortSignal.timeout()`). Any other abort of the caller's is recorded as ignored, and an
   * already-aborted signal means `fn` never runs. What `fn` does after either is not recorded.
   */
  run<R>(fn: (ctx: RunContext) => R | Promise<R>, options?: RunOptions): Promise<R> {
    if (typeof fn !== 'function') {
      return Promise.reject(
        new TypeError(`AsyncCircuitBreaker.run: fn must be a function, got ${typeof fn}`),
      );
    }
    if (options === undefined) {
      return this.guarded(fn, undefined, this.timeout, undefined, this.resultTracker);
    }
    let checked: ReturnType<typeof runOptions>;
    try {
      checked = runOptions(options, this.timeout);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.guarded(fn, undefined, checked.timeout, checked.signal, this.resultTracker);
  }

  /** Closes the circuit and clears its window; settles once the listeners have run. */
  reset(): Promise<void> {
    return this.control('closed');
  }

  /** Lets every call run untouched and records nothing; settles once the listeners have run. */
  disable(): Promise<void> {
    return this.control('disabled');
  }

  /** Runs and records every call but never trips; settles once the listeners have run. */
  metricsOnly(): Promise<void> {
    return this.control('metrics_only');
  }

  /** Rejects every call until `reset()`; settles once the listeners have run. */
  forceOpen(): Promise<void> {
    return this.control('forced_open');
  }

  /** Settles once every listener has handled every signal sent so far. */
  flush(): Promise<void> {
    return this.idle();
  }

  protected override probesFull(): boolean {
    return this.probes >= this.maxHalfOpenCalls;
  }

  protected override probeStarted(): void {
    this.probes++;
  }

  protected override releaseProbe(state: State): void {
    if (state === 'half_open' && this.probes > 0) this.probes--;
  }

  protected override onTransition(): void {
    // The probe count belongs to one half_open episode.
    this.probes = 0;
  }

  private control(to: State): Promise<void> {
    return this.transition(to) ?? Promise.resolve();
  }

  private execute<A extends unknown[], R>(
    resultTracker: ResultTracker,
    fn: (...args: A) => R | Promise<R>,
    ...args: A
  ): Promise<R> {
    if (this.timeout > 0) return this.guarded(fn, args, this.timeout, undefined, resultTracker);
    let state: State = this.state;
    if (state !== 'closed' && state !== 'metrics_only') {
      const admitted = this.admit();
      if (typeof admitted !== 'string') return rejectSoon(admitted);
      state = admitted;
      if (state === 'disabled') return new Promise<R>((resolve) => resolve(fn(...args)));
    }
    const generation = this.generation;
    const start = this.startTime();
    let result: R | Promise<R>;
    try {
      result = fn(...args);
    } catch (error) {
      this.settleError(error, start, generation, state);
      return Promise.reject(error);
    }
    // Not an async function: `.then` with settlers shared by every call of a generation (when
    // no start time or per-call result tracker is needed) costs far less than an await frame.
    let settlers = this.shared;
    if (this.measure || resultTracker !== this.resultTracker) {
      settlers = this.settlers(generation, state, start, resultTracker);
    } else if (settlers === undefined || settlers.generation !== generation) {
      settlers = this.settlers(generation, state, 0, resultTracker);
      this.shared = settlers;
    }
    // The caller gets a derived promise, not fn's own: handing back fn's promise after attaching
    // our handlers to it would save a tick, but would also mark its rejection handled and so
    // hide a caller's forgotten catch from Node's unhandled-rejection check.
    return Promise.resolve(result).then(settlers.onValue as (value: R) => R, settlers.onError);
  }

  /** The two callbacks that record a call's outcome once its promise settles. */
  private settlers(
    generation: number,
    state: State,
    start: number,
    resultTracker: ResultTracker,
  ): Settlers {
    return {
      generation,
      onValue: (value: unknown) => {
        this.settleValue(value, start, generation, state, resultTracker);
        return value;
      },
      onError: (error: unknown): never => {
        this.settleError(error, start, generation, state);
        throw error;
      },
    };
  }

  /**
   * A call with a timeout and/or a caller's signal: the first of outcome, timeout, abort wins.
   * `args` is undefined for `run`, whose function takes a context instead.
   */
  private guarded<R>(
    fn: Function,
    args: unknown[] | undefined,
    timeout: number,
    callerSignal: AbortSignal | undefined,
    resultTracker: ResultTracker,
  ): Promise<R> {
    const call = fn as (...args: unknown[]) => R | Promise<R>;
    if (callerSignal?.aborted) {
      if (this.emitsCalls) this.emitCall('ignored', null, this.state);
      return rejectSoon(callerSignal.reason);
    }
    const state = this.admit();
    if (typeof state !== 'string') return rejectSoon(state);
    if (state === 'disabled') {
      return new Promise<R>((resolve) =>
        resolve(args === undefined ? call(new UntouchedRunContext(callerSignal)) : call(...args)),
      );
    }
    const timing = this.timingSink();
    const start = this.startTime();
    const timed = new TimedCall(
      timing,
      this.generation,
      state,
      start,
      resultTracker,
      timeout,
      callerSignal,
    );
    const promise = timed.promise() as Promise<R>;
    if (timeout > 0) {
      // A start time from the default clock is on the timers' clock too: an exact deadline.
      const exact = this.measure && this.clock === monotonicClock;
      timing.deadlines.add(timed, timeout, exact ? start : undefined);
    }
    if (callerSignal !== undefined) timing.signals.watch(callerSignal, timed);
    let result: R | Promise<R>;
    try {
      result = args === undefined ? call(new LazyRunContext(timed)) : call(...args);
    } catch (error) {
      timed.settleError(error);
      return promise;
    }
    if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
      Promise.resolve(result).then(
        (value) => timed.settleValue(value),
        (error: unknown) => timed.settleError(error),
      );
    } else {
      timed.settleValue(result);
    }
    return promise;
  }

  /** The breaker's deadline timer and signal listeners, and how their calls are recorded. */
  private timingSink(): CallSink {
    this.timing ??= {
      deadlines: new Deadlines((error) => this.reportFault(error)),
      signals: new CallerSignals((error) => this.reportFault(error)),
      value: (call, value) =>
        this.settleValue(value, call.start, call.generation, call.state, call.resultTracker),
      error: (call, error, outcome) =>
        this.settleError(error, call.start, call.generation, call.state, outcome),
      ignored: (call) => this.settleIgnored(call.start, call.generation, call.state),
    };
    return this.timing;
  }
}
