import {
  AsyncCircuitBreaker,
  type AsyncCircuitBreakerOptions,
  CircuitBreaker,
  type CircuitBreakerOptions,
  Cooldown,
  CountWindow,
  FailureStreak,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';
import { ManualClock } from './manual-clock';

/** The cooldown of the test breakers, in ms. */
export const COOLDOWN = 1_000;

/** Options that make a breaker move on command: any counted failure trips it, every probe is admitted. */
function deterministic(clock: ManualClock) {
  return {
    clock,
    window: new CountWindow(10),
    tripper: new FailureStreak(1),
    retry: new Cooldown(COOLDOWN),
    permit: new All(),
  };
}

/**
 * A sync breaker on a manual clock that trips on the first counted failure and probes after
 * {@link COOLDOWN} ms; `options` override any of that.
 *
 * @example
 * ```ts
 * const { breaker, clock } = syncBreaker({ listeners: [listener] });
 * ```
 */
export function syncBreaker(options: CircuitBreakerOptions = {}): {
  breaker: CircuitBreaker;
  clock: ManualClock;
} {
  const clock = new ManualClock();
  return { breaker: new CircuitBreaker({ ...deterministic(clock), ...options }), clock };
}

/**
 * The async counterpart of {@link syncBreaker}.
 *
 * @example
 * ```ts
 * const { breaker, clock } = asyncBreaker({ maxHalfOpenCalls: 3 });
 * ```
 */
export function asyncBreaker(options: AsyncCircuitBreakerOptions = {}): {
  breaker: AsyncCircuitBreaker;
  clock: ManualClock;
} {
  const clock = new ManualClock();
  return { breaker: new AsyncCircuitBreaker({ ...deterministic(clock), ...options }), clock };
}

/** Rejects with a fresh error: a counted failure for the test breakers. */
export const fail = (): Promise<never> => Promise.reject(new Error('down'));

/** Throws a fresh error: a counted failure for the test breakers. */
export const failSync = (): never => {
  throw new Error('down');
};

/**
 * Trips an async test breaker and lets its cooldown pass: the next call is a half_open probe.
 *
 * @example
 * ```ts
 * await readyToProbe(breaker, clock);
 * await breaker.call(ok); // half_open -> closed
 * ```
 */
export async function readyToProbe(
  breaker: AsyncCircuitBreaker,
  clock: ManualClock,
): Promise<void> {
  await breaker.call(fail).catch(() => {});
  if (breaker.info().state !== 'open')
    throw new Error(`expected open, got ${breaker.info().state}`);
  clock.advance(COOLDOWN);
}
