import type { AsyncCircuitBreaker } from '../breaker/async-circuit-breaker';
import type { CircuitBreaker } from '../breaker/circuit-breaker';
import type { Clock } from '../clock';
import { describeError } from '../render';
import { checkOptions, invalid, isFunction, positiveFinite, positiveInteger } from '../validate';

/** A breaker a {@link BreakerRegistry} can hold. */
export type KeyedBreaker = CircuitBreaker | AsyncCircuitBreaker;

/**
 * Why a circuit left a {@link BreakerRegistry}: `'size'` (the registry was full), `'idle'`
 * (unused for `idleTimeout`), `'delete'` or `'clear'` (removed by hand).
 */
export type EvictionReason = 'size' | 'idle' | 'delete' | 'clear';

/**
 * Options of {@link BreakerRegistry}.
 *
 * @example
 * ```ts
 * const options: BreakerRegistryOptions<AsyncCircuitBreaker> = {
 *   create: (host) => new AsyncCircuitBreaker({ listeners: [new PrometheusListener({ name: host })] }),
 *   maxSize: 500,
 *   idleTimeout: 600_000,
 * };
 * ```
 */
export interface BreakerRegistryOptions<
  B extends KeyedBreaker = KeyedBreaker,
  K extends string = string,
> {
  /**
   * Creates the breaker of a key, on the first {@link BreakerRegistry.get} of that key. It must
   * return a new `CircuitBreaker` or `AsyncCircuitBreaker` synchronously, a different one for
   * every key.
   */
  create: (key: K) => B;
  /** The most breakers held at once (a positive integer). Default 1000. */
  maxSize?: number | undefined;
  /**
   * Ms after its last `get` at which a closed circuit is evicted; checked lazily, on the
   * registry's next use (no timer). Circuits that are not closed are kept. Default: none.
   */
  idleTimeout?: number | undefined;
  /** Called with every evicted circuit, before its listeners are closed. */
  onEvict?: ((key: K, breaker: B, reason: EvictionReason) => void) | undefined;
  /**
   * Whether eviction calls the breaker's `close()`, which closes its listeners (a
   * `PrometheusListener` then removes the circuit's series). Default `true`.
   */
  closeOnEvict?: boolean | undefined;
  /** Monotonic ms clock for `idleTimeout`. Default `performance.now()`. */
  clock?: Clock | undefined;
  /**
   * Receives faults of `onEvict`, of an evicted breaker's `close()` and of the clock; none of
   * them ever reaches a caller of `get`. Default: one line on `console.error`.
   */
  onError?: ((error: unknown) => void) | undefined;
}

const OWNER = 'BreakerRegistry';
const OPTION_KEYS = [
  'create',
  'maxSize',
  'idleTimeout',
  'onEvict',
  'closeOnEvict',
  'clock',
  'onError',
] as const;

/** The options after validation, with their defaults. */
export interface ParsedRegistryOptions<B, K> {
  readonly create: (key: K) => B;
  readonly maxSize: number;
  readonly idleTimeout: number | undefined;
  readonly onEvict: ((key: K, breaker: B, reason: EvictionReason) => void) | undefined;
  readonly closeOnEvict: boolean;
  readonly clock: Clock | undefined;
  readonly onError: (error: unknown) => void;
}

function defaultOnError(error: unknown): void {
  console.error(`[fluxgate] BreakerRegistry: a user callback failed: ${describeError(error)}`);
}

/** Validates the options of a {@link BreakerRegistry}; unknown names are refused. */
export function parseRegistryOptions<B extends KeyedBreaker, K extends string>(
  options: BreakerRegistryOptions<B, K>,
): ParsedRegistryOptions<B, K> {
  const opts = checkOptions(OWNER, 'options', options, OPTION_KEYS, 'an object with create');
  const clock = opts.clock as Clock | undefined;
  if (
    clock !== undefined &&
    (clock === null || typeof clock !== 'object' || typeof clock.now !== 'function')
  ) {
    invalid(OWNER, 'clock', 'an object with a now() method', clock, true);
  }
  if (opts.closeOnEvict !== undefined && typeof opts.closeOnEvict !== 'boolean') {
    invalid(OWNER, 'closeOnEvict', 'a boolean', opts.closeOnEvict, true);
  }
  return {
    create: isFunction(OWNER, 'create', opts.create as (key: K) => B),
    maxSize: opts.maxSize === undefined ? 1000 : positiveInteger(OWNER, 'maxSize', opts.maxSize),
    idleTimeout:
      opts.idleTimeout === undefined
        ? undefined
        : positiveFinite(OWNER, 'idleTimeout', opts.idleTimeout),
    onEvict:
      opts.onEvict === undefined
        ? undefined
        : isFunction(OWNER, 'onEvict', opts.onEvict as ParsedRegistryOptions<B, K>['onEvict']),
    closeOnEvict: (opts.closeOnEvict as boolean | undefined) ?? true,
    clock,
    onError:
      opts.onError === undefined
        ? defaultOnError
        : isFunction(OWNER, 'onError', opts.onError as (error: unknown) => void),
  };
}
