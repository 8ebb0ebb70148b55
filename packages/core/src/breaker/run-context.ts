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

/** What {@link runOptions} returns; one object, rewritten by every call. */
interface CheckedRunOptions {
  timeout: number;
  signal: AbortSignal | undefined;
}

const checked: CheckedRunOptions = { timeout: 0, signal: undefined };
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Checks `run`'s options (throwing the usual errors) and applies the breaker's timeout. The
 * result is valid until the next call: `run` copies it out at once. A plain options object is
 * checked without allocating (this runs on every call); anything else takes `checkOptions`.
 */
export function runOptions(options: unknown, defaultTimeout: number): Readonly<CheckedRunOptions> {
  let timeout: unknown;
  let signal: unknown;
  let read = false;
  try {
    if (hasOnlyRunKeys(options)) {
      timeout = options.timeout;
      signal = options.signal;
      read = true;
    }
  } catch {
    // A proxy trap or a getter threw: checkOptions reports it.
  }
  // Throws the error that names what is wrong (or copies an odd but valid object).
  if (!read) ({ timeout, signal } = checkOptions(OWNER, 'options', options, RUN_OPTION_KEYS));
  const ms = timeout === undefined ? defaultTimeout : positiveFinite(OWNER, 'timeout', timeout);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    invalid(OWNER, 'signal', 'an AbortSignal', signal, true);
  }
  // Written last: `instanceof` may run a proxy's trap, which may call `run` again.
  checked.timeout = ms;
  checked.signal = signal as AbortSignal | undefined;
  return checked;
}

/** An object whose own enumerable keys are all run's options. Allocates nothing. */
function hasOnlyRunKeys(options: unknown): options is RunOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return false;
  for (const key in options) {
    if (key !== 'timeout' && key !== 'signal' && hasOwn.call(options, key)) return false;
  }
  return true;
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
