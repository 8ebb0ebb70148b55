import type { CallSeries } from './call-series';
import type { CircuitOwner, RegistryState } from './shared-metrics';

// A circuit name belongs to the newest listener created for it in a registry (a replaced
// circuit: a restarted breaker, the next test's listener). An older listener of that name never
// takes it back, neither by a late transition or call of its breaker nor by its `close()`.

function unlist(shared: RegistryState, series: Record<string, CallSeries>): void {
  const mine = new Set(Object.values(series));
  const keep = (list: CallSeries[]) => {
    const kept = list.filter((item) => !mine.has(item));
    list.splice(0, list.length, ...kept);
  };
  keep(shared.callOrder);
  keep(shared.durationOrder);
  for (const item of mine) item.clear();
}

/**
 * Makes `owner` publish `name`, unless a newer listener has. A newer listener that replaces a
 * live older one carries on its call series, as the same series in the registry.
 */
export function claim(shared: RegistryState, name: string, owner: CircuitOwner): boolean {
  const newest = shared.newest.get(name);
  if (owner.retired || (newest !== undefined && newest > owner.seq)) return false;
  const previous = shared.owners.get(name);
  if (previous !== undefined && previous !== owner) {
    previous.active = false;
    previous.retired = true;
    if (previous.calls && owner.calls) owner.series = previous.series;
    else if (previous.calls) unlist(shared, previous.series);
  }
  owner.active = true;
  shared.owners.set(name, owner);
  shared.newest.set(name, owner.seq);
  return true;
}

/** Stops `owner` publishing `name`; false when it did not (any more). */
export function release(shared: RegistryState, name: string, owner: CircuitOwner): boolean {
  owner.active = false;
  if (shared.owners.get(name) !== owner) return false;
  shared.owners.delete(name);
  if (shared.newest.get(name) === owner.seq) shared.newest.delete(name);
  unlist(shared, owner.series);
  return true;
}
