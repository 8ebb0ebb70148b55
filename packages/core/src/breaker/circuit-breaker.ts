import { AsyncListener } from '../listeners/listener';
import type { State } from '../state';
import { isThenableQuietly } from '../thenable';
import { BreakerBase } from './breaker-base';
import { callArgs, invoke } from './call-args';
import { type CircuitBreakerOptions, SYNC_OPTION_KEYS } from './options';
import { StateMachine } from './state-machine';

/** Options of {@link CircuitBreaker.wrap}. */
export interface WrapOptions<R> {
  /** Called with any error of the call (a rejection by the breaker or the function's own). */
  fallback?: ((error: unknown) => R) | undefined;
  /** Flags returned values as failures for this function, instead of the breaker's. */
  resultTracker?: ((result: unknown) => boolean) | undefined;
}

/**
 * A circuit breaker for synchronous functions. For functions that return promises use
 * {@link AsyncCircuitBreaker}.
 *
 * @example
 * ```ts
 * import { CircuitBreaker, CallNotPermittedError } from '@fluxgate/core';
 *
 * const breaker = new CircuitBreaker({ listeners: [(s) => console.log(s.oldState, '->', s.newState)] });
 * const readConfig = breaker.wrap((path: string) => fs.readFileSync(path, 'utf8'), {
 *   fallback: () => cachedConfig,
 * });
 * readConfig('/etc/app.json');
 * ```
 */
export class CircuitBreaker extends BreakerBase {
  readonly #m: StateMachine;

  constructor(options?: CircuitBreakerOptions) {
    const machine = new StateMachine('CircuitBreaker', options, SYNC_OPTION_KEYS, refuseAsync);
    super(machine);
    this.#m = machine;
    machine.listeners.attach(this);
  }

  /**
   * Runs `fn(...args)` if the circuit lets it, records the outcome and returns its value.
   * Throws `CallNotPermittedError` when the call is not permitted, and re-throws `fn`'s error.
   */
  call<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    return this.#execute(this.#m.resultTracker, fn, callArgs(args));
  }

  /**
   * Like {@link call}, but any error (the breaker's rejection or `fn`'s own) is handed to
   * `fallback`, whose value is returned instead.
   */
  callWithFallback<A extends unknown[], R, F>(
    fn: (...args: A) => R,
    fallback: (error: unknown) => F,
    ...args: A
  ): R | F {
    try {
      return this.#execute(this.#m.resultTracker, fn, callArgs(args));
    } catch (error) {
      return fallback(error);
    }
  }

  /**
   * Returns a function with the same parameters and return type as `fn` that runs through
   * this breaker: the counterpart of the Python decorator.
   */
  wrap<A extends unknown[], R>(fn: (...args: A) => R, options?: WrapOptions<R>): (...args: A) => R {
    if (typeof fn !== 'function') {
      throw new TypeError(`CircuitBreaker.wrap: fn must be a function, got ${typeof fn}`);
    }
    const fallback = options?.fallback;
    const resultTracker = options?.resultTracker ?? this.#m.resultTracker;
    if (fallback === undefined)
      return (...args: A) => this.#execute(resultTracker, fn, callArgs(args));
    return (...args: A) => {
      try {
        return this.#execute(resultTracker, fn, callArgs(args));
      } catch (error) {
        return fallback(error);
      }
    };
  }

  /** Closes the circuit and clears its window, reopen count and failure streak. */
  reset(): void {
    this.#m.transition('closed', undefined, true);
  }

  /** Lets every call run untouched and records nothing, until another control. */
  disable(): void {
    this.#m.transition('disabled', undefined, true);
  }

  /** Runs and records every call but never trips, until another control. */
  metricsOnly(): void {
    this.#m.transition('metrics_only', undefined, true);
  }

  /** Rejects every call until `reset()` (or another control). */
  forceOpen(): void {
    this.#m.transition('forced_open', undefined, true);
  }

  #execute<A extends unknown[], R>(
    resultTracker: ((result: unknown) => boolean) | undefined,
    fn: (...args: A) => R,
    args: A | undefined,
  ): R {
    const m = this.#m;
    let state: State = m.state;
    if (state !== 'closed' && state !== 'metrics_only') {
      const admitted = m.admit();
      if (typeof admitted !== 'string') throw admitted;
      state = admitted;
      if (state === 'disabled') return invoke(fn, args);
    }
    const generation = m.generation;
    const start = m.startTime();
    let result: R;
    try {
      result = invoke(fn, args);
    } catch (error) {
      m.settleError(error, start, generation, state);
      throw error;
    }
    if (isThenableQuietly(result)) throw refuseThenable(result);
    m.settleValue(result, start, generation, state, resultTracker);
    return result;
  }
}

function refuseAsync(listener: unknown, i: number): void {
  if (AsyncListener.isInstance(listener)) {
    throw new TypeError(
      `CircuitBreaker: listeners[${i}] is an AsyncListener, which needs AsyncCircuitBreaker; ` +
        'use a Listener here or protect async code with AsyncCircuitBreaker',
    );
  }
}

function refuseThenable(result: PromiseLike<unknown>): TypeError {
  // Handle the promise so its rejection cannot go unhandled; it is the caller's bug, not a
  // failure of the dependency, so nothing is recorded.
  try {
    result.then(undefined, () => {});
  } catch {
    // A hostile thenable: nothing more we can do for it.
  }
  return new TypeError(
    'CircuitBreaker: the function returned a promise; protect async functions with ' +
      'AsyncCircuitBreaker, which awaits them and records their outcome',
  );
}
