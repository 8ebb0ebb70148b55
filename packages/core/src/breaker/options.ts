import type { Clock } from '../clock';
import type {
  AsyncListener,
  AsyncListenerFn,
  Listener,
  ListenerErrorHandler,
  ListenerFn,
} from '../listeners/listener';
import type { Permit } from '../permits/permit';
import type { Retry } from '../retries/retry';
import type { Tracker } from '../trackers/tracker';
import type { Tripper } from '../trippers/tripper';
import type { Window } from '../windows/window';
import type { BreakerSnapshot } from './snapshot';

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
  window?: Window;
  /** Which errors count as failures. Default `new All()`. */
  tracker?: Tracker;
  /**
   * When to open. Default: in closed, `MinRequests(100) AND FailureRate(0.5)`; in half_open,
   * any counted failure reopens and a success closes.
   */
  tripper?: Tripper;
  /** How long open waits before a probe. Default `new Cooldown(60_000)`. */
  retry?: Retry;
  /** Which calls may probe in half_open. Default `new RampUp({ initial: 0.1, final: 1, duration: 60_000 })`. */
  permit?: Permit;
  /** Notified of every transition, in this order. */
  listeners?: Iterable<Listener | ListenerFn>;
  /** Monotonic ms clock. Default `performance.now()`. */
  clock?: Clock;
  /** Random source in [0, 1) for permits and jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * Receives faults of user components: listeners (with the signal), and with `signal`
   * undefined trackers, result trackers, trippers, retries, permits and `onCall` hooks.
   * Default: one line on `console.error`.
   */
  onListenerError?: ListenerErrorHandler;
  /**
   * Whether to measure call durations. Default: true when the tripper has a latency rule or a
   * listener implements `onCall`. When false, a closed-state call with a `CountWindow` reads no
   * clock, `totalDuration` stays 0 and `avgDuration` is null.
   */
  measureDurations?: boolean;
  /**
   * Flags returned values as failures (recorded and evaluated, but still returned to the
   * caller), e.g. `(res) => res instanceof Response && res.status >= 500`.
   */
  resultTracker?: (result: unknown) => boolean;
  /** Restores a state saved with `snapshot()`. A malformed snapshot is a `TypeError`. */
  initialState?: BreakerSnapshot;
}

/**
 * Options of {@link AsyncCircuitBreaker}: those of {@link CircuitBreakerOptions}, plus async
 * listeners, the half_open probe cap and a per-call timeout.
 */
export interface AsyncCircuitBreakerOptions extends Omit<CircuitBreakerOptions, 'listeners'> {
  /** Notified of every transition; async listeners never delay the caller. */
  listeners?: Iterable<Listener | AsyncListener | ListenerFn | AsyncListenerFn>;
  /** Probe calls in flight at once in half_open (default 10); more are rejected at once. */
  maxHalfOpenCalls?: number;
  /** Default per-call timeout in ms (none by default). A timed-out call is a failure. */
  timeout?: number;
}

/** Option names each breaker accepts, for the unknown-option check. */
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
];
export const ASYNC_OPTION_KEYS: readonly string[] = [
  ...SYNC_OPTION_KEYS,
  'maxHalfOpenCalls',
  'timeout',
];
