import { Tracker } from './tracker';

/**
 * Counts every error as a failure (the default tracker).
 *
 * @example
 * ```ts
 * import { All } from '@fluxgate/core/trackers';
 * new CircuitBreaker({ tracker: new All() });
 * ```
 */
export class All extends Tracker {
  matches(_error: unknown): boolean {
    return true;
  }
}
