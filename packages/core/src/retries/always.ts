import { Retry } from './retry';

/**
 * Probes on the very next call after opening (no wait).
 *
 * @example
 * ```ts
 * new CircuitBreaker({ retry: new Always() });
 * ```
 */
export class Always extends Retry {
  delay(): number {
    return 0;
  }
}
