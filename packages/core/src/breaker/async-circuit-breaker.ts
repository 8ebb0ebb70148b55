import type { State } from '../state';
import { BreakerBase } from './breaker-base';
import { callArgs, invoke } from './call-args';
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
import { followCall, type Settlers, settlersFor } from './settlers';
import { StateMachine } from './state-machine';
import { type CallSink, TimedCall } from './timed-call';

export type { RunContext, RunOptions } from './run-context';

/** Options of {@link AsyncCircuitBreaker.wrap}. */
export interface AsyncWrapOptions<R> {
  /** Called with any error of the call (a rejection by the breaker or the function's own). */
  fallback?: ((error: unknown) => R | Promise<R>) | undefined;
  /** Flags returned values as failures for this function, instead of the breaker's. */
  resultTracker?: ((result: unknown) => boolean) | undefined;
}

type ResultTracker = ((result: unknown) => boolean) | undefined;

/** In place of a call's arguments: the function is `run`'s, and takes a {@link RunContext}. */
const RUN: unknown[] = [];

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
  readonly #m: StateMachine;
  /** Settlers for the current generation's calls (see `execute`). */
  #shared: Settlers | undefined;
  /** The shared deadline timer and caller-signal listeners, made by the first timed call. */
  #timing: CallSink | undefined;

  constructor(options?: AsyncCircuitBreakerOptions) {
    const machine = new StateMachine('AsyncCircuitBreaker', options, ASYNC_OPTION_KEYS, () => {});
    super(machine);
    this.#m = machine;
    machine.listeners.attach(this);
  }

  /** Probe calls in flight at once in half_open. */
  get maxHalfOpenCalls(): number {
    return this.#m.maxHalfOpenCalls;
  }

  /** Default per-call timeout in ms; 0 means none. */
  get timeout(): number {
    return this.#m.timeout;
  }

  /**
   * Runs `fn(...args)` if the circuit lets it and resolves with its value. Rejects with
   * `CallNotPermittedError` when not permitted, with `CallTimeoutError` after the breaker's
   * `timeout`, and with `fn`'s own error (a synchronous throw is treated like a rejection).
   */
  call<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R> {
    return this.#execute(this.#m.resultTracker, fn, callArgs(args));
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
      return await this.#execute(this.#m.resultTracker, fn, callArgs(args));
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
    const resultTracker = options?.resultTracker ?? this.#m.resultTracker;
    if (fallback === undefined)
      return (...args: A) => this.#execute(resultTracker, fn, callArgs(args));
    return async (...args: A) => {
      try {
        return await this.#execute(resultTracker, fn, callArgs(args));
      } catch (error) {
        return fallback(error);
      }
    };
  }

  /**
   * Runs `fn` with an `AbortSignal` that aborts when the call times out or the caller's
   * `signal` aborts. A timeout is recorded as a failure (unless the tracker ignores
   * `CallTimeoutError`); a caller's abort is recorded as ignored, and an already-aborted
   * signal means `fn` never runs. What `fn` does after either is not recorded.
   */
  run<R>(fn: (ctx: RunContext) => R | Promise<R>, options?: RunOptions): Promise<R> {
    if (typeof fn !== 'function') {
      return Promise.reject(
        new TypeError(`AsyncCircuitBreaker.run: fn must be a function, got ${typeof fn}`),
      );
    }
    const m = this.#m;
    if (options === undefined) return this.#guarded(fn, RUN, m.timeout, undefined, m.resultTracker);
    let checked: ReturnType<typeof runOptions>;
    try {
      checked = runOptions(options, m.timeout);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#guarded(fn, RUN, checked.timeout, checked.signal, m.resultTracker);
  }

  /** Closes the circuit and clears its window; settles once the listeners have run. */
  reset(): Promise<void> {
    return this.#control('closed');
  }

  /** Lets every call run untouched and records nothing; settles once the listeners have run. */
  disable(): Promise<void> {
    return this.#control('disabled');
  }

  /** Runs and records every call but never trips; settles once the listeners have run. */
  metricsOnly(): Promise<void> {
    return this.#control('metrics_only');
  }

  /** Rejects every call until `reset()`; settles once the listeners have run. */
  forceOpen(): Promise<void> {
    return this.#control('forced_open');
  }

  /** Settles once every listener has handled every signal sent so far. */
  flush(): Promise<void> {
    return this.#m.listeners.idle();
  }

  /**
   * A manual control. Its promise settles once the listeners have handled the signal, except a
   * listener still busy with an earlier one (it may be awaiting this very control).
   */
  #control(to: State): Promise<void> {
    return this.#m.transition(to, undefined, true) ?? Promise.resolve();
  }

  #execute<A extends unknown[], R>(
    resultTracker: ResultTracker,
    fn: (...args: A) => R | Promise<R>,
    args: A | undefined,
  ): Promise<R> {
    const m = this.#m;
    if (m.timeout > 0) return this.#guarded(fn, args, m.timeout, undefined, resultTracker);
    let state: State = m.state;
    if (state !== 'closed' && state !== 'metrics_only') {
      const admitted = m.admit();
      if (typeof admitted !== 'string') return rejectSoon(admitted);
      state = admitted;
      if (state === 'disabled') return untouched(fn, args, undefined);
    }
    const generation = m.generation;
    const start = m.startTime();
    let result: R | Promise<R>;
    try {
      result = invoke(fn, args);
    } catch (error) {
      m.settleError(error, start, generation, state);
      return Promise.reject(error);
    }
    // Not an async function: `.then` costs far less than an await frame. The caller gets a
    // derived promise, not fn's own: handing back fn's promise after attaching our handlers to it
    // would save a tick, but would also mark its rejection handled and so hide a caller's
    // forgotten catch from Node's unhandled-rejection check.
    if (m.measure || resultTracker !== m.resultTracker) {
      // A start time or a result tracker of its own: callbacks of its own.
      return followCall(m, result, generation, state, start, resultTracker);
    }
    // Otherwise every call of a generation shares one pair of callbacks.
    let settlers = this.#shared;
    if (settlers === undefined || settlers.generation !== generation) {
      settlers = settlersFor(m, generation, state, resultTracker);
      this.#shared = settlers;
    }
    return Promise.resolve(result).then(settlers.onValue as (value: R) => R, settlers.onError);
  }

  /**
   * A call with a timeout and/or a caller's signal: the first of outcome, timeout, abort wins.
   * `args` is {@link RUN} for `run`, whose function takes a context instead (undefined: none).
   */
  #guarded<R>(
    fn: Function,
    args: unknown[] | undefined,
    timeout: number,
    callerSignal: AbortSignal | undefined,
    resultTracker: ResultTracker,
  ): Promise<R> {
    const m = this.#m;
    if (callerSignal?.aborted) {
      if (m.emitsCalls) m.listeners.emitCall('ignored', null, m.state);
      return rejectSoon(callerSignal.reason);
    }
    const state = m.admit();
    if (typeof state !== 'string') return rejectSoon(state);
    if (state === 'disabled') return untouched(fn, args, callerSignal);
    const timing = this.#timing ?? this.#timingSink();
    const start = m.startTime();
    const timed = new TimedCall(
      timing,
      m.generation,
      state,
      start,
      resultTracker,
      timeout,
      callerSignal,
    );
    const promise = timed.promise() as Promise<R>;
    if (timeout > 0) {
      // A start time from the default clock is on the timers' clock too: an exact deadline.
      const exact = m.measure && m.time.trusted;
      timing.deadlines.add(timed, timeout, exact ? start : undefined);
    }
    if (callerSignal !== undefined) timing.signals.watch(callerSignal, timed);
    const call = fn as (...args: unknown[]) => unknown;
    let result: unknown;
    try {
      result = args === RUN ? call(new LazyRunContext(timed)) : invoke(call, args);
    } catch (error) {
      timed.settleError(error);
      return promise;
    }
    timed.follow(result);
    return promise;
  }

  /** Makes the breaker's deadline timer and signal listeners, and how their calls are recorded. */
  #timingSink(): CallSink {
    const m = this.#m;
    this.#timing = {
      deadlines: new Deadlines(m.report),
      signals: new CallerSignals(m.report),
      value: (call, value) =>
        m.settleValue(value, call.start, call.generation, call.state, call.resultTracker),
      error: (call, error, outcome) =>
        m.settleError(error, call.start, call.generation, call.state, outcome),
      ignored: (call) => m.settleIgnored(call.start, call.generation, call.state),
    };
    return this.#timing;
  }
}

/** A call in state disabled: run untouched, nothing recorded, no timeout. */
function untouched<R>(
  fn: Function,
  args: unknown[] | undefined,
  callerSignal: AbortSignal | undefined,
): Promise<R> {
  const call = fn as (...args: unknown[]) => R | Promise<R>;
  return new Promise<R>((resolve) =>
    resolve(args === RUN ? call(new UntouchedRunContext(callerSignal)) : invoke(call, args)),
  );
}
