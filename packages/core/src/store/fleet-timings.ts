import type { CircuitStore } from './circuit-store';
import type { FleetLinkOptions } from './fleet-host';

/** An instance that only rejects (open) asks the store for news at most this often, ms. */
export const REFRESH_MS = 1_000;
/** A lease is given up locally this long before the store expires it, ms. */
export const LEASE_MARGIN_MS = 1_000;

/** How long a breaker's probe leases, its keys and its quiet batches last, ms. */
export interface FleetTimings {
  /** A probe lease: the call's timeout plus a margin, or the store's default. */
  readonly leaseMs: number;
  /** The circuit's keys outlive the window, a lease and a minute. */
  readonly ttlMs: number;
  /** How long a batch of successes waits (see {@link CircuitStore.quietBatchMs}). */
  readonly quietMs: number;
}

/** The timings of a breaker with these options on this store. */
export function fleetTimings(store: CircuitStore, options: FleetLinkOptions): FleetTimings {
  const leaseMs = options.timeout > 0 ? options.timeout + LEASE_MARGIN_MS : store.leaseMs;
  return {
    leaseMs,
    ttlMs: Math.max(2 * options.durationMs, 2 * leaseMs, 60_000),
    quietMs: Math.max(store.batchMs, store.quietBatchMs ?? store.batchMs),
  };
}
