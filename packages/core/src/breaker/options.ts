import { type Clock, monotonicClock } from '../clock';
import { defaultErrorHandler } from '../listeners/faults';
import type {
  AsyncListener,
  AsyncListenerFn,
  Listener,
  ListenerErrorHandler,
  ListenerFn,
} from '../listeners/listener';
import { Permit } from '../permits/permit';
import { RampUp } from '../permits/ramp-up';
import { Cooldown } from '../retries/cooldown';
import { Retry } from '../retries/retry';
import { checkStore } from '../store/check-store';
import type { CircuitStore } from '../store/circuit-store';
import { All } from '../trackers/all';
import { Tracker } from '../trackers/tracker';
import { DefaultTripper } from '../trippers/default-tripper';
import { Tripper } from '../trippers/tripper';
import { checkOptions, invalid, positiveFinite, positiveInteger } from '../validate';
import { CountWindow } from '../windows/count-window';
import { Window } from '../windows/window';
import { type BreakerSnapshot, parseSnapshot } from './snapshot';

/**
 * Options of {@link CircuitBreaker}. Every option has a default; `new CircuitBreaker()` is a
 * working breaker.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({
 *   window: new CountWindow(50),
 *   tripper: new MinRequests(20).and(new FailureRate(0.5)),
 *   retry: new Backoff({ initial: 10_000 }),
 *   listeners: [(signal) => console.log(signal.oldState, '->', signal.newState)],
 * });
 * ```
 */
export interface CircuitBreakerOptions {
  /** Which recent calls the tripper looks at. Default `new CountWindow(100)`. */
  window?: Window | undefined;
  /** Which errors count as failures. Default `new All()`. */
  tracker?: Tracker | undefined;
  /**
   * When to open. Default: in closed, `MinRequests(100) AND FailureRate(0.5)`; in half_open,
   * any counted failure reopens and a success closes.
   */
  tripper?: Tripper | undefined;
  /** How long open waits before a probe. Default `new Cooldown(60_000)`. */
  retry?: Retry | undefined;
  /** Which calls may probe in half_open. Default `new RampUp({ initial: 0.1, final: 1, duration: 60_000 })`. */
  permit?: Permit | undefined;
  /** Notified of every transition, in this order. */
  listeners?: Iterable<Listener | ListenerFn> | undefined;
  /** Monotonic ms clock. Default `performance.now()`. */
  clock?: Clock | undefined;
  /** Random source in [0, 1) for permits and jitter. Default `Math.random`. */
  random?: (() => number) | undefined;
  /**
   * Receives faults of user components: listeners (with the signal), and with `signal`
   * undefined trackers, result trackers, trippers, retries, permits and `onCall` hooks.
   * Default: one line on `console.error`.
   */
  onListenerError?: ListenerErrorHandler | undefined;
  /**
   * Whether to measure call durations. Default: true when the tripper has a latency rule or a
   * listener implements `onCall`. When false, a closed-state call with a `CountWindow` reads no
   * clock, `totalDuration` stays 0 and `avgDuration` is null.
   */
  measureDurations?: boolean | undefined;
  /**
   * Flags returned values as failures (recorded and evaluated, but still returned to the
   * caller), e.g. `(res) => res instanceof Response && res.status >= 500`.
   */
  resultTracker?: ((result: unknown) => boolean) | undefined;
  /**
   * half_open recorded calls needed before a success may close the circuit (a positive integer;
   * default 1). The tripper decides first after every probe: with the default tripper any failure
   * reopens, so `probesToClose: 5` means five successes in a row; with
   * `HalfOpened().and(MinRequests(10)).and(FailureRate(0.2))` and `probesToClose: 10` it is a
   * sampled decision over ten probes. Ignored errors count for nothing.
   */
  probesToClose?: number | undefined;
  /**
   * ms a half_open episode may last without closing or reopening (> 0, `Infinity` allowed;
   * default 60 000). Past it the circuit reopens at the next call or `info()` (no timer): a
   * failed recovery, so `reopens` grows and the retry delay is drawn as usual. Probes still in
   * flight belong to the ended episode and are never recorded.
   */
  maxHalfOpenWait?: number | undefined;
  /** Restores a state saved with `snapshot()`. A malformed snapshot is a `TypeError`. */
  initialState?: BreakerSnapshot | undefined;
  /**
   * Shares this circuit with every breaker, in any process, that uses the same store circuit
   * (e.g. `RedisStore.circuit('payments')` from `@fluxgate/store-redis`): state, generation,
   * reopens, times and the window's counts. Calls are still admitted locally, with no
   * round-trip; outcomes go out in batches; while the store is unavailable the breaker runs on
   * its local state. Needs a `TimeWindow`. Default: none (the state lives in memory).
   */
  store?: CircuitStore | undefined;
}

/**
 * Options of {@link AsyncCircuitBreaker}: those of {@link CircuitBreakerOptions}, plus async
 * listeners, the half_open probe cap and a per-call timeout.
 */
export interface AsyncCircuitBreakerOptions extends Omit<CircuitBreakerOptions, 'listeners'> {
  /** Notified of every transition; async listeners never delay the caller. */
  listeners?: Iterable<Listener | AsyncListener | ListenerFn | AsyncListenerFn> | undefined;
  /** Probe calls in flight at once in half_open (default 10); more are rejected at once. */
  maxHalfOpenCalls?: number | undefined;
  /** Default per-call timeout in ms (none by default). A timed-out call is a failure. */
  timeout?: number | undefined;
}

/** Option names each breaker accepts, for the unknown-option check. @internal */
export const SYNC_OPTION_KEYS: readonly string[] = [
  'window',
  'tracker',
  'tripper',
  'retry',
  'permit',
  'listeners',
  'clock',
  'random',
  'onListenerError',
  'measureDurations',
  'resultTracker',
  'initialState',
  'probesToClose',
  'maxHalfOpenWait',
  'store',
];
/** @internal */
export const ASYNC_OPTION_KEYS: readonly string[] = [
  ...SYNC_OPTION_KEYS,
  'maxHalfOpenCalls',
  'timeout',
];

/** The default tripper of SPEC §4: a failed probe reopens, half of 100 calls failing trips. */
export function defaultTripper(): Tripper {
  return new DefaultTripper();
}

/**
 * The default components hold no state, so every breaker shares one set: 10,000 breakers do
 * not need 10,000 copies of the default tripper tree.
 */
let defaults: { tracker: Tracker; tripper: Tripper; retry: Retry; permit: Permit } | undefined;
function sharedDefaults() {
  defaults ??= {
    tracker: new All(),
    tripper: defaultTripper(),
    retry: new Cooldown(60_000),
    permit: new RampUp({ initial: 0.1, final: 1, duration: 60_000 }),
  };
  return defaults;
}

/** The default `maxHalfOpenWait` (ms). */
export const DEFAULT_MAX_HALF_OPEN_WAIT = 60_000;

/** Every option of either breaker, validated and with its default applied. @internal */
export interface ParsedOptions {
  readonly window: Window;
  readonly tracker: Tracker;
  readonly tripper: Tripper;
  readonly retry: Retry;
  readonly permit: Permit;
  readonly clock: Clock;
  readonly random: () => number;
  readonly onListenerError: ListenerErrorHandler;
  readonly resultTracker: ((result: unknown) => boolean) | undefined;
  readonly measureDurations: boolean | undefined;
  readonly snapshot: BreakerSnapshot | undefined;
  readonly listeners: unknown;
  /** A store, checked (with a TimeWindow); undefined: local state only. */
  readonly store: CircuitStore | undefined;
  /** Infinity for the sync breaker, which runs one probe at a time anyway. */
  readonly maxHalfOpenCalls: number;
  /** 0: none. */
  readonly timeout: number;
  readonly probesToClose: number;
  readonly maxHalfOpenWait: number;
  /** Distinct `SlowRate` thresholds of the tripper tree. */
  readonly slowThresholds: number[];
  /** Whether any rule of the tripper reads durations. */
  readonly usesDurations: boolean;
}

/** The one check that a component option is an instance of its family. */
function component<T>(owner: string, name: string, value: unknown, base: Function, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(value instanceof base)) invalid(owner, name, `an instance of ${base.name}`, value, true);
  return value as T;
}

function optionalFunction<T>(owner: string, name: string, value: T): T {
  if (value !== undefined && typeof value !== 'function')
    invalid(owner, name, 'a function', value, true);
  return value;
}

/** A wait in ms that may be Infinity (maxHalfOpenWait). */
function positiveOrInfinity(owner: string, name: string, value: unknown): number {
  const rule = 'a number > 0 (Infinity allowed)';
  if (typeof value !== 'number') invalid(owner, name, rule, value, true);
  if (!(value > 0)) invalid(owner, name, rule, value);
  return value;
}

/**
 * Validates every option of a breaker before anything is built from them, so that a constructor
 * that throws has touched nothing (no listener attached). Unknown names are refused.
 *
 * @internal
 */
export function parseOptions(
  owner: string,
  options: unknown,
  allowedKeys: readonly string[],
): ParsedOptions {
  // Each option is read once, into a copy: a getter cannot answer differently the second time.
  const opts = checkOptions(owner, 'options', options, allowedKeys) as AsyncCircuitBreakerOptions;
  const shared = sharedDefaults();
  const tripper = component(owner, 'tripper', opts.tripper, Tripper, shared.tripper);
  const clock = opts.clock ?? monotonicClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    invalid(owner, 'clock', 'an object with a now() method', clock, true);
  }
  if (opts.measureDurations !== undefined && typeof opts.measureDurations !== 'boolean') {
    invalid(owner, 'measureDurations', 'a boolean', opts.measureDurations, true);
  }
  const { thresholds, latency } = scanTripper(owner, tripper);
  const window = component(owner, 'window', opts.window, Window, undefined) ?? new CountWindow(100);
  return {
    window,
    tracker: component(owner, 'tracker', opts.tracker, Tracker, shared.tracker),
    tripper,
    retry: component(owner, 'retry', opts.retry, Retry, shared.retry),
    permit: component(owner, 'permit', opts.permit, Permit, shared.permit),
    clock,
    random: optionalFunction(owner, 'random', opts.random) ?? Math.random,
    onListenerError:
      optionalFunction(owner, 'onListenerError', opts.onListenerError) ?? defaultErrorHandler,
    resultTracker: optionalFunction(owner, 'resultTracker', opts.resultTracker),
    measureDurations: opts.measureDurations,
    snapshot: opts.initialState === undefined ? undefined : parseSnapshot(opts.initialState),
    listeners: opts.listeners,
    store: checkStore(owner, opts.store, window),
    maxHalfOpenCalls:
      opts.maxHalfOpenCalls === undefined
        ? allowedKeys.includes('maxHalfOpenCalls')
          ? 10
          : Number.POSITIVE_INFINITY
        : positiveInteger(owner, 'maxHalfOpenCalls', opts.maxHalfOpenCalls),
    timeout: opts.timeout === undefined ? 0 : positiveFinite(owner, 'timeout', opts.timeout),
    probesToClose:
      opts.probesToClose === undefined
        ? 1
        : positiveInteger(owner, 'probesToClose', opts.probesToClose),
    maxHalfOpenWait:
      opts.maxHalfOpenWait === undefined
        ? DEFAULT_MAX_HALF_OPEN_WAIT
        : positiveOrInfinity(owner, 'maxHalfOpenWait', opts.maxHalfOpenWait),
    slowThresholds: thresholds,
    usesDurations: latency,
  };
}

/**
 * Reads the tripper tree once: the SlowRate thresholds the window must count (the tree's own
 * `slowThresholds`, copied into a plain array: `indexOf` on a frozen one is twice as slow), and
 * whether any rule reads durations.
 */
function scanTripper(owner: string, root: Tripper): { thresholds: number[]; latency: boolean } {
  const declared: unknown = root.slowThresholds;
  if (!Array.isArray(declared) || !declared.every((t) => typeof t === 'number' && t > 0)) {
    invalid(owner, 'tripper.slowThresholds', 'an array of numbers > 0', declared, true);
  }
  let latency = false;
  const seen = new Set<Tripper>();
  const visit = (tripper: Tripper) => {
    if (seen.has(tripper)) return;
    seen.add(tripper);
    if (tripper.usesDurations) latency = true;
    for (const child of tripper.children()) visit(child);
  };
  visit(root);
  return { thresholds: [...new Set(declared as number[])], latency };
}
