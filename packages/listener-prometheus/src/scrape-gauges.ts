import type { CircuitBreakerInfo } from '@fluxgate/core';
import type { Gauge } from 'prom-client';
import type { CircuitOwner, RegistryState } from './shared-metrics';

// The window gauges are computed when Prometheus scrapes (prom-client calls `collect` before it
// renders a metric), from each attached breaker's `info()`: no timers, and the value is as fresh
// as the scrape.

function readInfo(owner: CircuitOwner): CircuitBreakerInfo | undefined {
  if (!owner.calls || owner.view === null) return undefined;
  try {
    return owner.view.info();
  } catch {
    // A scrape must not fail because one breaker view misbehaves: that circuit is left out.
    return undefined;
  }
}

/** Sets `circuit_breaker_failure_rate` per circuit; no series while a window is empty. */
export function collectFailureRate(gauge: Gauge<'circuit_name'>, shared: RegistryState): void {
  for (const [name, owner] of shared.owners) {
    const rate = readInfo(owner)?.metrics.failureRate;
    if (rate === undefined || rate === null) gauge.remove({ circuit_name: name });
    else gauge.set({ circuit_name: name }, rate);
  }
}

/** Sets `circuit_breaker_window_calls` per circuit. */
export function collectWindowCalls(gauge: Gauge<'circuit_name'>, shared: RegistryState): void {
  for (const [name, owner] of shared.owners) {
    const count = readInfo(owner)?.metrics.totalCount;
    if (count === undefined) gauge.remove({ circuit_name: name });
    else gauge.set({ circuit_name: name }, count);
  }
}
