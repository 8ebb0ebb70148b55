// Moves real breakers through their states with a manual clock, for listener tests.
import {
  AsyncCircuitBreaker,
  type AsyncListener,
  CircuitBreaker,
  Cooldown,
  CountWindow,
  FailureRate,
  FailureStreak,
  HalfOpened,
  type Listener,
  MinRequests,
  type Signal,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';

/** Cooldown of the test breakers, in ms. */
export const COOLDOWN = 1_000;

function options(now: () => number, faults: unknown[]) {
  return {
    clock: { now },
    permit: new All(),
    window: new CountWindow(4),
    // Trips at 50% of at least 2 calls; in half_open one failure reopens, a success closes.
    tripper: new HalfOpened()
      .and(new FailureStreak(1))
      .or(new MinRequests(2).and(new FailureRate(0.5))),
    retry: new Cooldown(COOLDOWN),
    onListenerError: (error: unknown, signal?: Signal) => faults.push({ error, signal }),
  };
}

const boom = () => {
  throw new Error('dependency down');
};

/** A sync breaker with one listener and helpers for each transition. */
export class SyncDriver {
  private t = 0;
  /** What the breaker passed to onListenerError. */
  readonly faults: { error: unknown; signal?: Signal }[] = [];
  readonly breaker: CircuitBreaker;

  constructor(...listeners: (Listener | ((signal: Signal) => void))[]) {
    this.breaker = new CircuitBreaker({ ...options(() => this.t, this.faults), listeners });
  }

  /** closed -> open: one success and one failure (50% of 2 calls). */
  trip(): void {
    this.breaker.call(() => 'ok');
    this.fail();
  }

  /** open -> half_open -> closed: wait out the cooldown, then a probe succeeds. */
  recover(): void {
    this.t += COOLDOWN;
    this.breaker.call(() => 'ok');
  }

  /** open -> half_open -> open: wait out the cooldown, then a probe fails. */
  reopen(): void {
    this.t += COOLDOWN;
    this.fail();
  }

  private fail(): void {
    try {
      this.breaker.call(boom);
    } catch {
      // Expected: the dependency is down, or the circuit rejects the call.
    }
  }
}

/** An async breaker with one listener and helpers for each transition. */
export class AsyncDriver {
  private t = 0;
  /** What the breaker passed to onListenerError. */
  readonly faults: { error: unknown; signal?: Signal }[] = [];
  readonly breaker: AsyncCircuitBreaker;

  constructor(...listeners: (AsyncListener | Listener | ((signal: Signal) => void))[]) {
    this.breaker = new AsyncCircuitBreaker({ ...options(() => this.t, this.faults), listeners });
  }

  async trip(): Promise<void> {
    await this.breaker.call(async () => 'ok');
    await this.fail();
  }

  async recover(): Promise<void> {
    this.t += COOLDOWN;
    await this.breaker.call(async () => 'ok');
  }

  async reopen(): Promise<void> {
    this.t += COOLDOWN;
    await this.fail();
  }

  private async fail(): Promise<void> {
    await this.breaker.call(async () => boom()).catch(() => undefined);
  }
}
