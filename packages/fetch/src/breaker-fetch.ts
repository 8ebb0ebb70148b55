import { AsyncCircuitBreaker, BreakerRegistry, describeValue } from '@fluxgate/core';
import { FailureStatusError } from './failure-status-error';
import { type BreakerFetchOptions, type FetchFunction, parseFetchOptions } from './options';

/**
 * What {@link breakerFetch} returns: a function with `fetch`'s signature, and the registry that
 * holds its circuits (for a status endpoint: `fetch.registry.info()`).
 */
export interface BreakerFetch extends FetchFunction {
  /** The circuits, one per key (per origin by default). */
  readonly registry: BreakerRegistry<AsyncCircuitBreaker>;
}

/**
 * A `Request` of any fetch implementation (undici's own class is not the global one), known by
 * its `url` string.
 */
function asRequest(input: unknown): Request | undefined {
  if (input instanceof Request) return input;
  if (typeof input !== 'object' || input === null || input instanceof URL) return undefined;
  return typeof (input as { url?: unknown }).url === 'string' ? (input as Request) : undefined;
}

/** The URL a fetch input asks for; a TypeError (as fetch's own) when it is not an absolute URL. */
function urlOf(input: unknown): URL {
  if (input instanceof URL) return input;
  try {
    return new URL(asRequest(input)?.url ?? String(input));
  } catch (error) {
    throw new TypeError(`breakerFetch: cannot parse ${describeValue(input)} as an absolute URL`, {
      cause: error,
    });
  }
}

/**
 * Wraps `fetch` in circuit breakers, one per origin by default, so one failing upstream opens
 * only its own circuit. The result has `fetch`'s signature:
 *
 * - responses whose status counts as a failure (`failureStatus`, default 5xx and 429) are
 *   recorded as failures and still returned, body unread;
 * - network errors are recorded as failures and reject as `fetch` does;
 * - while a circuit does not admit calls, they reject at once with `CallNotPermittedError`,
 *   whose `retryAt` (epoch ms) lets a server send `Retry-After`;
 * - `timeout` aborts a request whose headers take longer (the call fails with
 *   `CallTimeoutError`); the caller's own `init.signal` (or the `Request`'s) is merged with it
 *   through `AbortSignal.any`, and a caller's abort rejects with the caller's reason and is not
 *   recorded as a failure;
 * - redirects are followed by `fetch` within one call: the circuit is the one of the URL asked.
 *
 * @example
 * ```ts
 * import { breakerFetch } from '@fluxgate/fetch';
 * import { PrometheusListener } from '@fluxgate/listener-prometheus';
 *
 * const fetchUpstream = breakerFetch({
 *   timeout: 2_000,
 *   breaker: (origin) => ({ listeners: [new PrometheusListener({ name: origin })] }),
 * });
 * const res = await fetchUpstream('https://api.example.com/quote'); // a 503 is returned, and counted
 * ```
 */
export function breakerFetch(options?: BreakerFetchOptions): BreakerFetch {
  const opts = parseFetchOptions(options);
  const registry =
    opts.registry ??
    new BreakerRegistry<AsyncCircuitBreaker>({
      create: (key) => new AsyncCircuitBreaker(opts.breakerOptions(key)),
    });
  const { failureStatus, onError, timeout } = opts;

  const report = (error: unknown) => {
    try {
      onError(error);
    } catch {
      // Nothing left to report to.
    }
  };

  const keyOf = (url: URL): string => {
    if (opts.key === undefined) return url.origin;
    try {
      const key = opts.key(url);
      if (typeof key === 'string' && key.length > 0) return key;
      report(
        new TypeError(
          `breakerFetch: key must return a non-empty string, got ${describeValue(key)}`,
        ),
      );
    } catch (error) {
      report(error);
    }
    return url.origin;
  };

  const isFailure = (status: number): boolean => {
    try {
      return failureStatus(status) === true;
    } catch (error) {
      // The safe side, as with a tracker that throws.
      report(error);
      return true;
    }
  };

  const protectedFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let breaker: AsyncCircuitBreaker;
    try {
      breaker = registry.get(keyOf(urlOf(input)));
      if (typeof breaker?.run !== 'function') {
        throw new TypeError(
          `breakerFetch: the registry's breakers must be AsyncCircuitBreakers, got ${describeValue(breaker)}`,
        );
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const send = opts.fetch ?? globalThis.fetch;
    const requestSignal = asRequest(input)?.signal;
    const callerSignal =
      init?.signal ?? (requestSignal instanceof AbortSignal ? requestSignal : undefined);
    let statusFailure: FailureStatusError | undefined;
    return breaker
      .run(
        async ({ signal }) => {
          const merged = callerSignal ? AbortSignal.any([signal, callerSignal]) : signal;
          const response = await send(input, { ...init, signal: merged });
          if (isFailure(response.status)) {
            statusFailure = new FailureStatusError(response);
            throw statusFailure;
          }
          return response;
        },
        { timeout, signal: callerSignal },
      )
      .catch((error: unknown) => {
        if (error !== undefined && error === statusFailure) return statusFailure.response;
        throw error;
      });
  };
  return Object.defineProperty(protectedFetch, 'registry', {
    value: registry,
    enumerable: true,
  }) as BreakerFetch;
}
