import { Retry } from './retry';

/**
 * Never probes: an open circuit stays open until `reset()` (its `retryAt` is `Infinity`).
 *
 * @example
 * ```ts
 * new CircuitBreaker({ retry: new Never() }); // a human decides when to close it
 * ```
 */
export class Never extends Retry {
  delay(): number {
    return Number.POSITIVE_INFINITY;
  }
}
