import { Permit } from './permit';

/**
 * Admits every call in half_open (the async breaker still caps probes with
 * `maxHalfOpenCalls`).
 *
 * @example
 * ```ts
 * import { All as AllowAll } from '@fluxgate/core/permits';
 * new AsyncCircuitBreaker({ permit: new AllowAll(), maxHalfOpenCalls: 3 });
 * ```
 */
export class All extends Permit {
  admit(): boolean {
    return true;
  }
}
