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
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';

/** A manual monotonic clock. */
export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(): ManualClock {
  let t = 0;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

export const COOLDOWN = 1000;

function options(clock: ManualClock, listeners: Listener[], streak: number, tracker?: Tracker) {
  return {
    clock,
    permit: new All(),
    window: new CountWindow(10),
    tripper: new FailureStreak(streak),
    retry: new Cooldown(COOLDOWN),
    listeners,
    ...(tracker === undefined ? {} : { tracker }),
  };
}

/** A sync breaker that opens after `streak` failures in a row (default 1). */
export function syncBreaker(listeners: Listener[], streak = 1, tracker?: Tracker) {
  const clock = manualClock();
  return { breaker: new CircuitBreaker(options(clock, listeners, streak, tracker)), clock };
}

/** An async breaker that opens after `streak` failures in a row (default 1). */
export function asyncBreaker(
  listeners: Listener[],
  streak = 1,
  extra: { timeout?: number; tracker?: Tracker } = {},
) {
  const clock = manualClock();
  const breaker = new AsyncCircuitBreaker({
    ...options(clock, listeners, streak, extra.tracker),
    ...(extra.timeout === undefined ? {} : { timeout: extra.timeout }),
  });
  return { breaker, clock };
}

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
