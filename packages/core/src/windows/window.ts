import { brandFamily, isFamilyMember } from '../brand';
import type { CallRecord, Metric } from '../metric';

const WINDOW_BRAND = Symbol.for('@fluxgate/core:Window');

/**
 * Where a breaker keeps the calls its tripper looks at. Subclass it for your own window:
 * `record` and `metric` run on every recorded call, so keep them O(1).
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ window: new TimeWindow(30_000) });
 * ```
 */
export abstract class Window {
  /**
   * `instanceof Window` recognises a window from any copy of `@fluxgate/core` (an app and a
   * dependency may each install one, or a CommonJS component may meet an ESM breaker);
   * `instanceof` a subclass keeps the ordinary prototype check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of instanceof, maybe a subclass.
    return isFamilyMember(this, Window, WINDOW_BRAND, value);
  }

  /**
   * Whether {@link CallRecord.at} matters to this window. When it does not (and nothing else
   * needs the time), the breaker does not read the clock for a call in closed state.
   */
  get timed(): boolean {
    return true;
  }

  /** Adds one call. The record object is reused by the breaker: copy, never keep it. */
  abstract record(call: CallRecord): void;

  /**
   * The aggregates over the calls in the window. `now` (monotonic ms) lets a time-based window
   * drop calls that have aged out since the last record.
   */
  abstract metric(now?: number): Metric;

  /** Forgets every call (the breaker calls it on every state transition). */
  abstract reset(): void;
}
brandFamily(Window, WINDOW_BRAND);
