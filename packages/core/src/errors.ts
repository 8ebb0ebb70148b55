import { hasBrand } from './brand';
import { formatEpoch, isEpochInRange } from './render';
import type { State } from './state';

const NOT_PERMITTED = Symbol.for('@fluxgate/core:CallNotPermittedError');
const TIMEOUT = Symbol.for('@fluxgate/core:CallTimeoutError');

let lastRetryAt: number | null = null;
let lastOpenMessage = '';

/**
 * The message of a rejection; the one of an open circuit is reused while `retryAt` stays. A
 * `retryAt` no `Date` can hold (Never's `Infinity`, or past ±8.64e15 ms) names no time.
 */
function rejectionMessage(state: State, retryAt: number | null): string {
  if (state !== 'open' || retryAt === null || !isEpochInRange(retryAt)) {
    return `circuit is ${state}; the call was not permitted`;
  }
  if (retryAt !== lastRetryAt) {
    lastRetryAt = retryAt;
    lastOpenMessage = `circuit is open; calls are not permitted until ${formatEpoch(retryAt)}`;
  }
  return lastOpenMessage;
}

/**
 * Thrown (or rejected with) when the breaker does not let a call run: the circuit is `open`,
 * `forced_open`, or `half_open` and the call was not admitted as a probe.
 *
 * Use {@link CallNotPermittedError.isInstance} rather than `instanceof` when two copies of
 * `@fluxgate/core` may be installed side by side. It carries no stack trace: creating one is
 * most of the cost of a rejection, and it would only point into the breaker. The rejections the
 * breakers make are not native errors (`util.types.isNativeError` is false for them), because
 * creating a native `Error` costs several times the rest of a rejected call; everything else
 * (`instanceof`, `name`, `message`, `stack`, `state`, `retryAt`) is as for a constructed one,
 * and every caller gets an object of its own.
 *
 * @example
 * ```ts
 * try {
 *   await breaker.call(fetchPayment, id);
 * } catch (error) {
 *   if (CallNotPermittedError.isInstance(error) && error.retryAt !== null) {
 *     res.setHeader('Retry-After', Math.ceil((error.retryAt - Date.now()) / 1000));
 *   }
 * }
 * ```
 */
export class CallNotPermittedError extends Error {
  /** The state that rejected the call. */
  readonly state: State;
  /** Epoch ms at which the open circuit admits a probe; `null` unless the state is `open`. */
  readonly retryAt: number | null;

  constructor(state: State, retryAt: number | null) {
    // A rejection is the fast path of an open circuit and its stack would only point into the
    // breaker, so none is captured: that is most of what creating an Error costs. The message
    // (and its date) is built only when read: most rejections are counted, never printed.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super();
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.state = state;
    this.retryAt = retryAt;
  }

  /** Whether `value` is a `CallNotPermittedError` from any copy of `@fluxgate/core`. */
  static isInstance(value: unknown): value is CallNotPermittedError {
    return hasBrand(value, NOT_PERMITTED);
  }
}
Object.defineProperty(CallNotPermittedError.prototype, NOT_PERMITTED, { value: true });
Object.defineProperty(CallNotPermittedError.prototype, 'name', {
  value: 'CallNotPermittedError',
  writable: true,
  configurable: true,
});
Object.defineProperty(CallNotPermittedError.prototype, 'message', {
  get(this: CallNotPermittedError): string {
    return rejectionMessage(this.state, this.retryAt);
  },
  // Callers may annotate the error they were given: the new text becomes its own.
  set(this: CallNotPermittedError, message: unknown) {
    Object.defineProperty(this, 'message', { value: message, writable: true, configurable: true });
  },
  configurable: true,
});

// The stack header of a rejection made by the breaker (not a native error, see `notPermitted`);
// a constructed one has its own `stack`.
Object.defineProperty(CallNotPermittedError.prototype, 'stack', {
  get(this: CallNotPermittedError): string {
    return `${this.name}: ${this.message}`;
  },
  set(this: CallNotPermittedError, stack: unknown) {
    Object.defineProperty(this, 'stack', { value: stack, writable: true, configurable: true });
  },
  configurable: true,
});

/**
 * A rejection as the breaker makes it: a new object for every caller, with
 * `CallNotPermittedError.prototype` (so `instanceof Error`, `instanceof CallNotPermittedError`,
 * `isInstance`, `name`, `message` and `stack` are as for a constructed one) but not a native
 * `Error`: on Node 20 creating any native `Error` costs about 200 ns even without a stack trace,
 * more than the rest of a rejected call.
 *
 * @internal
 */
export function notPermitted(state: State, retryAt: number | null): CallNotPermittedError {
  const error = Object.create(CallNotPermittedError.prototype) as {
    state: State;
    retryAt: number | null;
  };
  error.state = state;
  error.retryAt = retryAt;
  return error as CallNotPermittedError;
}

/**
 * The call took longer than its timeout (`AsyncCircuitBreaker` option `timeout`, or
 * `run(fn, { timeout })`). It is recorded as a failure unless the tracker ignores it, and it is
 * the reason of the `AbortSignal` given to `run`'s function.
 *
 * @example
 * ```ts
 * const breaker = new AsyncCircuitBreaker({ timeout: 2_000 });
 * await breaker.run(({ signal }) => fetch(url, { signal })).catch((error) => {
 *   if (CallTimeoutError.isInstance(error)) console.warn(`gave up after ${error.timeout} ms`);
 * });
 * ```
 */
export class CallTimeoutError extends Error {
  /** The timeout that expired, in milliseconds. */
  readonly timeout: number;

  constructor(timeout: number) {
    super(`call timed out after ${timeout} ms`);
    this.name = 'CallTimeoutError';
    this.timeout = timeout;
  }

  /** Whether `value` is a `CallTimeoutError` from any copy of `@fluxgate/core`. */
  static isInstance(value: unknown): value is CallTimeoutError {
    return hasBrand(value, TIMEOUT);
  }
}
Object.defineProperty(CallTimeoutError.prototype, TIMEOUT, { value: true });
