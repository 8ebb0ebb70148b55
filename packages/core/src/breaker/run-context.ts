import { checkOptions, invalid, positiveFinite } from '../validate';
import type { TimedCall } from './timed-call';

/** What `run` gives the protected function. */
export interface RunContext {
  /**
   * Aborts when the call times out (reason: `CallTimeoutError`) or the caller aborts (the
   * caller's reason). Created on first read: a function that never reads it costs no signal.
   */
  readonly signal: AbortSignal;
}

/** Options of {@link AsyncCircuitBreaker.run}. */
export interface RunOptions {
  /** Timeout in ms for this call, instead of the breaker's `timeout`. */
  timeout?: number | undefined;
  /**
   * The caller's own signal. When it aborts, the call rejects with its reason and is recorded as
   * ignored — unless the reason is named `'TimeoutError'` (`AbortSignal.timeout()`): a caller's
   * deadline is a timeout, recorded as a failure unless the tracker ignores that reason.
   */
  signal?: AbortSignal | undefined;
}

const OWNER = 'AsyncCircuitBreaker.run';
const RUN_OPTION_KEYS = ['timeout', 'signal'] as const;

/** Checks `run`'s options (throwing the usual errors) and applies the breaker's timeout. */
export function runOptions(
  options: unknown,
  defaultTimeout: number,
): { timeout: number; signal: AbortSignal | undefined } {
  const opts = checkOptions(OWNER, 'options', options, RUN_OPTION_KEYS);
  const timeout =
    opts.timeout === undefined ? defaultTimeout : positiveFinite(OWNER, 'timeout', opts.timeout);
  const { signal } = opts;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    invalid(OWNER, 'signal', 'an AbortSignal', signal, true);
  }
  return { timeout, signal };
}

/** The context of a timed call: its signal comes into being when the function reads it. */
export class LazyRunContext implements RunContext {
  readonly #call: TimedCall;

  constructor(call: TimedCall) {
    this.#call = call;
  }

  get signal(): AbortSignal {
    return this.#call.signal();
  }
}

/**
 * The context of a call the breaker leaves untouched (state disabled): the caller's signal, or
 * one that never aborts, created on first read.
 */
export class UntouchedRunContext implements RunContext {
  #signal: AbortSignal | undefined;

  constructor(signal: AbortSignal | undefined) {
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    this.#signal ??= new AbortController().signal;
    return this.#signal;
  }
}
