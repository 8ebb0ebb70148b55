// Test helper: breakers whose transitions tests drive by hand, with an injected clock.
import {
  AsyncCircuitBreaker,
  type AsyncCircuitBreakerOptions,
  CircuitBreaker,
  type CircuitBreakerOptions,
  Cooldown,
  FailureStreak,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';

/** A clock moved by hand. */
export class ManualClock {
  t = 0;
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** How long an open circuit waits before probing. */
export const COOLDOWN_MS = 1_000;

function base(clock: ManualClock) {
  return {
    clock,
    permit: new All(),
    tripper: new FailureStreak(1),
    retry: new Cooldown(COOLDOWN_MS),
  };
}

/** A sync breaker that opens on its first failure and probes after {@link COOLDOWN_MS}. */
export function syncBreaker(options: CircuitBreakerOptions = {}) {
  const clock = new ManualClock();
  const breaker = new CircuitBreaker({ ...base(clock), ...options });
  return { breaker, clock };
}

/** The async twin of {@link syncBreaker}. */
export function asyncBreaker(options: AsyncCircuitBreakerOptions = {}) {
  const clock = new ManualClock();
  const breaker = new AsyncCircuitBreaker({ ...base(clock), ...options });
  return { breaker, clock };
}

export const boom = (): never => {
  throw new Error('boom');
};

export const ok = (): string => 'ok';

/** Runs a call that is expected to fail and swallows its error. */
export function failOnce(breaker: CircuitBreaker): void {
  try {
    breaker.call(boom);
  } catch {
    // the breaker rethrows the call's error; the test only wants the recorded failure
  }
}

/** Async {@link failOnce}. */
export async function failOnceAsync(breaker: AsyncCircuitBreaker): Promise<void> {
  await breaker.call(async () => boom()).catch(() => undefined);
}
