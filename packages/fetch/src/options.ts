import {
  AsyncCircuitBreaker,
  type AsyncCircuitBreakerOptions,
  type BreakerRegistry,
  checkOptions,
  describeValue,
} from '@fluxgate/core';

/** A function with `fetch`'s signature: the global `fetch`, undici's, or a test double. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/**
 * Options of {@link breakerFetch}. Every option has a default: `breakerFetch()` gives one circuit
 * per origin around the global `fetch`.
 *
 * @example
 * ```ts
 * const options: BreakerFetchOptions = {
 *   timeout: 2_000,
 *   breaker: (origin) => ({ listeners: [new PrometheusListener({ name: origin })] }),
 * };
 * ```
 */
export interface BreakerFetchOptions {
  /** The fetch to protect. Default: the global `fetch`, looked up at each call. */
  fetch?: FetchFunction | undefined;
  /**
   * The circuit a request belongs to, from its URL (a redirect does not change it: the circuit
   * is the one of the URL that was asked). Default `(url) => url.origin`.
   */
  key?: ((url: URL) => string) | undefined;
  /**
   * Options of the `AsyncCircuitBreaker` created for each key, or a function of the key that
   * returns them (needed for listeners that belong to one circuit, e.g. `PrometheusListener`).
   * Not with `registry`.
   */
  breaker?: AsyncCircuitBreakerOptions | ((key: string) => AsyncCircuitBreakerOptions) | undefined;
  /**
   * Where the circuits live: bring your own `BreakerRegistry` of `AsyncCircuitBreaker`s (for
   * `maxSize`, `idleTimeout`, `onEvict`, or to share it). Default: a new registry of at most
   * 1000 circuits built from `breaker`.
   */
  registry?: BreakerRegistry<AsyncCircuitBreaker> | undefined;
  /**
   * Per-call timeout in ms, until the response headers arrive; the request is aborted and the
   * call fails with `CallTimeoutError`. Default: none (the breaker's own `timeout`, if any).
   */
  timeout?: number | undefined;
  /**
   * Which statuses count as failures of the circuit; such responses are still returned.
   * Default: 5xx and 429.
   */
  failureStatus?: ((status: number) => boolean) | undefined;
  /**
   * Receives faults of `key` and `failureStatus` (a throwing `key` falls back to the origin; a
   * throwing `failureStatus` counts the response as a failure). Default: one line on
   * `console.error`.
   */
  onError?: ((error: unknown) => void) | undefined;
}

const OWNER = 'breakerFetch';
const OPTION_KEYS = [
  'fetch',
  'key',
  'breaker',
  'registry',
  'timeout',
  'failureStatus',
  'onError',
] as const;

/** The options after validation. */
export interface ParsedFetchOptions {
  readonly fetch: FetchFunction | undefined;
  readonly key: ((url: URL) => string) | undefined;
  readonly registry: BreakerRegistry<AsyncCircuitBreaker> | undefined;
  readonly breakerOptions: (key: string) => AsyncCircuitBreakerOptions;
  readonly timeout: number | undefined;
  readonly failureStatus: (status: number) => boolean;
  readonly onError: (error: unknown) => void;
}

function fail(param: string, rule: string, value: unknown, type = true): never {
  const message = `${OWNER}: ${param} must be ${rule}, got ${describeValue(value)}`;
  throw type ? new TypeError(message) : new RangeError(message);
}

function optionalFunction<T>(param: string, value: T): T {
  if (value !== undefined && typeof value !== 'function') fail(param, 'a function', value);
  return value;
}

/** A BreakerRegistry of any copy of core (so no `instanceof`). */
function isRegistry(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return ['get', 'peek', 'info', 'delete'].every((name) => typeof candidate[name] === 'function');
}

/** 5xx and 429 (Too Many Requests) count as failures. */
export function defaultFailureStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

function defaultOnError(error: unknown): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
  console.error(`[fluxgate] breakerFetch: a user callback failed: ${text}`);
}

/**
 * Static breaker options serve every circuit, so they are checked once here, and a listener that
 * belongs to one circuit (it implements `attach`) is refused rather than failing on the second key.
 */
function staticBreakerOptions(value: unknown): (key: string) => AsyncCircuitBreakerOptions {
  if (value === null || typeof value !== 'object') {
    fail('breaker', 'an AsyncCircuitBreaker options object or a function of the key', value);
  }
  const options = { ...(value as AsyncCircuitBreakerOptions) };
  if (options.listeners !== undefined) {
    if (typeof (options.listeners as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
      fail('breaker.listeners', 'an iterable of listeners', options.listeners);
    }
    const listeners = [...options.listeners];
    listeners.forEach((listener, i) => {
      if (typeof listener === 'object' && typeof listener?.attach === 'function') {
        throw new TypeError(
          `${OWNER}: breaker.listeners[${i}] belongs to one circuit (it implements attach()); ` +
            'pass breaker as a function of the key to create one per circuit',
        );
      }
    });
    options.listeners = listeners;
  }
  // Fails now, naming the option, instead of on every new origin.
  try {
    new AsyncCircuitBreaker({ ...options, listeners: [] });
  } catch (error) {
    const Kind = error instanceof RangeError ? RangeError : TypeError;
    throw new Kind(`${OWNER}: breaker options: ${(error as Error).message}`, { cause: error });
  }
  return () => options;
}

/** Validates the options of {@link breakerFetch}; unknown names are refused. */
export function parseFetchOptions(options: BreakerFetchOptions | undefined): ParsedFetchOptions {
  // Read once; every value is checked below before it is used as its declared type.
  const opts = checkOptions(OWNER, 'options', options, OPTION_KEYS) as BreakerFetchOptions;
  const { registry, breaker, timeout } = opts;
  if (registry !== undefined && !isRegistry(registry))
    fail('registry', 'a BreakerRegistry', registry);
  if (registry !== undefined && breaker !== undefined) {
    throw new TypeError(
      `${OWNER}: give either registry or breaker, not both (the registry's create makes the breakers)`,
    );
  }
  if (timeout !== undefined) {
    if (typeof timeout !== 'number') fail('timeout', 'a finite number > 0', timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
      fail('timeout', 'a finite number > 0', timeout, false);
  }
  return {
    fetch: optionalFunction('fetch', opts.fetch),
    key: optionalFunction('key', opts.key),
    registry,
    breakerOptions:
      breaker === undefined
        ? () => ({})
        : typeof breaker === 'function'
          ? breaker
          : staticBreakerOptions(breaker),
    timeout,
    failureStatus: optionalFunction('failureStatus', opts.failureStatus) ?? defaultFailureStatus,
    onError: optionalFunction('onError', opts.onError) ?? defaultOnError,
  };
}
