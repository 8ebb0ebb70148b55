import { hasBrand } from '../brand';
import type { CircuitBreakerInfo } from '../breaker/info';
import type { CircuitAnnotations } from '../store/circuit-annotations';
import type { CallEvent, Signal } from './signal';

/** What a listener's `attach` receives: the breaker it now belongs to. */
export interface BreakerView {
  /** The breaker's current state and window. */
  info(): CircuitBreakerInfo;
  /**
   * Values the listeners of this circuit share: fleet-wide with a `store` that keeps them, in
   * the breaker's memory otherwise. Never on a caller's path: each use may be a round-trip.
   * Both breakers provide it; optional so that a hand-made view (`{ info }`, e.g. in a test)
   * still fits, and a listener given one without it simply shares nothing.
   */
  readonly annotations?: CircuitAnnotations | undefined;
}

/**
 * Receives a breaker's state transitions synchronously. Works with both breakers. A listener
 * that throws never affects the breaker or the call: the error goes to `onListenerError`.
 *
 * Optionally implement `attach` (called once when the breaker is constructed; such a listener
 * belongs to one breaker) and `onCall` (called after every call).
 *
 * @example
 * ```ts
 * class AuditListener extends Listener {
 *   notify(signal: Signal): void {
 *     audit.write({ circuit: 'payments', from: signal.oldState, to: signal.newState });
 *   }
 * }
 * ```
 */
export abstract class Listener {
  /** Called after every state transition, in the order the listeners were given. */
  abstract notify(signal: Signal): void;
  /** Called once, when the breaker this listener is given to is constructed. */
  attach?(breaker: BreakerView): void;
  /** Called synchronously after every call the breaker handles. */
  onCall?(event: CallEvent): void;
}

const ASYNC_LISTENER = Symbol.for('@fluxgate/core:AsyncListener');

/**
 * Receives a breaker's state transitions asynchronously; only for `AsyncCircuitBreaker`. The
 * caller never waits for it: each async listener gets its signals strictly in order, with at
 * most 100 waiting behind the one being delivered (beyond that the oldest waiting signal is
 * dropped and reported). `flush()` waits for what is pending.
 *
 * @example
 * ```ts
 * class WebhookListener extends AsyncListener {
 *   async notify(signal: Signal): Promise<void> {
 *     await fetch(hookUrl, { method: 'POST', body: JSON.stringify(signal) });
 *   }
 * }
 * ```
 */
export abstract class AsyncListener {
  /** Called after every state transition; the breaker does not wait for the promise. */
  abstract notify(signal: Signal): Promise<void>;
  /** Called once, when the breaker this listener is given to is constructed. */
  attach?(breaker: BreakerView): void;
  /** Called synchronously after every call the breaker handles. */
  onCall?(event: CallEvent): void;

  /** Whether `value` is an `AsyncListener` from any copy of `@fluxgate/core`. */
  static isInstance(value: unknown): value is AsyncListener {
    return hasBrand(value, ASYNC_LISTENER);
  }
}
Object.defineProperty(AsyncListener.prototype, ASYNC_LISTENER, { value: true });

/** A plain function listener for either breaker. */
export type ListenerFn = (signal: Signal) => void;
/** A plain async function listener for `AsyncCircuitBreaker`. */
export type AsyncListenerFn = (signal: Signal) => Promise<void>;

/**
 * Receives faults of user components (listeners, trackers, result trackers, onCall hooks). It may
 * return a promise: a rejection is reported on stderr, never left unhandled.
 */
export type ListenerErrorHandler = (error: unknown, signal?: Signal) => unknown;
