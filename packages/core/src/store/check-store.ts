import { invalid } from '../validate';
import type { Window } from '../windows/window';
import type { CircuitStore } from './circuit-store';

const METHODS = ['sync', 'transition', 'acquire', 'register'] as const;

/**
 * The `store` option of a breaker: undefined, or a {@link CircuitStore} next to a `TimeWindow`
 * (fleet buckets are time buckets; "the last N calls" has no fleet-wide meaning). Read once.
 *
 * @internal
 */
export function checkStore(
  owner: string,
  value: unknown,
  window: Window | undefined,
): CircuitStore | undefined {
  if (value === undefined) return undefined;
  const store = value as Record<string, unknown>;
  const valid =
    typeof value === 'object' &&
    value !== null &&
    METHODS.every((method) => typeof store[method] === 'function') &&
    typeof store.name === 'string' &&
    typeof store.batchMs === 'number' &&
    store.batchMs >= 0 &&
    (store.quietBatchMs === undefined ||
      (typeof store.quietBatchMs === 'number' && store.quietBatchMs >= 0)) &&
    typeof store.leaseMs === 'number' &&
    store.leaseMs > 0;
  if (!valid)
    invalid(owner, 'store', 'a CircuitStore (e.g. RedisStore.circuit(name))', value, true);
  // Read by shape, not `instanceof TimeWindow`: a bundle without a store then carries no
  // TimeWindow, and a TimeWindow of another copy of core is accepted.
  const timeWindow = window as { durationMs?: unknown; bucketMs?: unknown } | undefined;
  if (typeof timeWindow?.durationMs !== 'number' || typeof timeWindow.bucketMs !== 'number') {
    invalid(owner, 'window', 'a TimeWindow when a store is given', window, true);
  }
  return value as CircuitStore;
}
