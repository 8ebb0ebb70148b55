import type { State } from './state';

const NOT_PERMITTED = Symbol.for('@fluxgate/core:CallNotPermittedError');
const TIMEOUT = Symbol.for('@fluxgate/core:CallTimeoutError');

function hasBrand(value: unknown, brand: symbol): boolean {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[brand] === true
    );
  } catch {
    // A Proxy or a hostile getter: whatever it is, it is not one of ours.
    return false;
  }
}

/**
 * Thrown (or rejected with) when the breaker does not let a call run: the circuit is `open`,
 * `forced_open`, or `half_open` and the call was not admitted as a probe.
 *
 * Use {@link CallNotPermittedError.isInstance} rather than `instanceof` when two copies of
 * `@fluxgate/core` may be installed side by side.
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
    super(
      state === 'open' && retryAt !== null && Number.isFinite(retryAt)
        ? `circuit is open; calls are not permitted until ${new Date(retryAt).toISOString()}`
        : `circuit is ${state}; the call was not permitted`,
    );
    this.name = 'CallNotPermittedError';
    this.state = state;
    this.retryAt = retryAt;
  }

  /** Whether `value` is a `CallNotPermittedError` from any copy of `@fluxgate/core`. */
  static isInstance(value: unknown): value is CallNotPermittedError {
    return hasBrand(value, NOT_PERMITTED);
  }
}
Object.defineProperty(CallNotPermittedError.prototype, NOT_PERMITTED, { value: true });

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
