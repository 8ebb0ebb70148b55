import type { AsyncCircuitBreakerOptions, CircuitBreakerInfo } from '@fluxgate/core';
import type { ManualClock } from './manual-clock';
import { capture, type Outcome } from './outcome';
import { asyncBreaker, syncBreaker } from './test-breakers';

/** Which breaker a test runs against. */
export type BreakerKind = 'sync' | 'async';

/** Either breaker behind one interface, so a scenario is written once for both. */
export interface EitherBreaker {
  readonly kind: BreakerKind;
  readonly clock: ManualClock;
  /** Runs a synchronous function through the breaker and captures what the caller gets. */
  call(fn: () => unknown): Promise<Outcome>;
  info(): CircuitBreakerInfo;
  reset(): Promise<void>;
  forceOpen(): Promise<void>;
  /** Waits until listeners have handled every signal (and a macrotask, for rejected promises). */
  settle(): Promise<void>;
}

/**
 * A test breaker of `kind` (see {@link syncBreaker}) with `options`.
 *
 * @example
 * ```ts
 * for (const kind of ['sync', 'async'] as const) {
 *   const breaker = eitherBreaker(kind, { onListenerError });
 *   expect(await breaker.call(() => 'ok')).toEqual({ threw: false, value: 'ok' });
 * }
 * ```
 */
export function eitherBreaker(
  kind: BreakerKind,
  options: AsyncCircuitBreakerOptions = {},
): EitherBreaker {
  if (kind === 'sync') {
    const { breaker, clock } = syncBreaker(options);
    return {
      kind,
      clock,
      call: (fn) => capture(() => breaker.call(fn)),
      info: () => breaker.info(),
      reset: async () => breaker.reset(),
      forceOpen: async () => breaker.forceOpen(),
      settle: () => new Promise((resolve) => setImmediate(resolve)),
    };
  }
  const { breaker, clock } = asyncBreaker(options);
  return {
    kind,
    clock,
    call: (fn) => capture(() => breaker.call(fn)),
    info: () => breaker.info(),
    reset: () => breaker.reset(),
    forceOpen: () => breaker.forceOpen(),
    settle: async () => {
      await breaker.flush();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
