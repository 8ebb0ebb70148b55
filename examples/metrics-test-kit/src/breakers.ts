// Breakers whose transitions tests can drive step by step: a manual clock, every probe
// admitted, a window of 10 and a one-second cooldown.
import {
  AsyncCircuitBreaker,
  CircuitBreaker,
  Cooldown,
  CountWindow,
  FailureStreak,
  type Listener,
  type Tracker,
  type Tripper,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';

/** A manual monotonic clock. */
export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

/** A clock at 0 that moves only when a test advances it. */
export function manualClock(): ManualClock {
  let t = 0;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** How long an open breaker waits before its probe, in ms. */
export const COOLDOWN = 1000;

/** Options a test may add or replace. */
export interface Extra {
  tracker?: Tracker;
  timeout?: number;
  onListenerError?: (error: unknown) => void;
}

function options(clock: ManualClock, listeners: Listener[], tripper: Tripper, extra: Extra) {
  return {
    clock,
    permit: new All(),
    window: new CountWindow(10),
    tripper,
    retry: new Cooldown(COOLDOWN),
    listeners,
    ...extra,
  };
}

/** A sync breaker that opens after `streak` failures in a row (default 1). */
export function syncBreaker(listeners: Listener[], streak = 1, extra: Extra = {}) {
  const { timeout: _, ...sync } = extra;
  const clock = manualClock();
  const breaker = new CircuitBreaker(options(clock, listeners, new FailureStreak(streak), sync));
  return { breaker, clock };
}

/** An async breaker that opens after `streak` failures in a row (default 1). */
export function asyncBreaker(listeners: Listener[], streak = 1, extra: Extra = {}) {
  const clock = manualClock();
  const breaker = new AsyncCircuitBreaker(
    options(clock, listeners, new FailureStreak(streak), extra),
  );
  return { breaker, clock };
}

/** A function that throws `Error('boom')`. */
export const boom = (): never => {
  throw new Error('boom');
};

/** A function that takes `ms` on the manual clock, then returns or throws. */
export function taking(clock: ManualClock, ms: number, fn: () => unknown = () => 'ok') {
  return () => {
    clock.advance(ms);
    return fn();
  };
}

/** Drives a sync breaker closed -> open -> half_open -> closed (one failure trips it). */
export function cycleSync(breaker: CircuitBreaker, clock: ManualClock): void {
  expect(() => breaker.call(boom)).toThrow('boom');
  clock.advance(COOLDOWN);
  breaker.call(() => 'probe');
  expect(breaker.info().state).toBe('closed');
}

/** Drives an async breaker closed -> open -> half_open -> closed (one failure trips it). */
export async function cycleAsync(breaker: AsyncCircuitBreaker, clock: ManualClock): Promise<void> {
  await expect(breaker.call(async () => boom())).rejects.toThrow('boom');
  clock.advance(COOLDOWN);
  await breaker.call(async () => 'probe');
  expect(breaker.info().state).toBe('closed');
  await breaker.flush();
}
