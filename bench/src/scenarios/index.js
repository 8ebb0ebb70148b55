import { loadAverage } from '../machine.js';
import asyncClosed from './async-closed.js';
import asyncLatency from './async-latency.js';
import memory from './memory.js';
import otel from './otel.js';
import production from './production.js';
import rejection from './rejection.js';
import scaling from './scaling.js';
import storeRedis from './store-redis.js';
import syncClosed from './sync-closed.js';
import timeouts from './timeouts.js';

/** Every scenario, in the order of the issue. */
export const SCENARIOS = [
  asyncClosed,
  asyncLatency,
  syncClosed,
  rejection,
  scaling,
  memory,
  timeouts,
  production,
  otel,
  storeRedis,
];

/** Looks a scenario up by id. */
export function scenario(id) {
  const found = SCENARIOS.find((s) => s.id === id);
  if (found === undefined) {
    throw new Error(
      `bench: unknown scenario '${id}'; the scenarios are ${SCENARIOS.map((s) => s.id).join(', ')}`,
    );
  }
  return found;
}

/** Runs one scenario in this process and returns its figures, checks and duration. */
export async function runScenario(id, config, gc) {
  const s = scenario(id);
  const started = performance.now();
  const { rows, checks, skipped } = await s.run(config, gc);
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    unit: s.unit,
    rows,
    checks,
    // A scenario that needs a missing binary says why instead of producing figures.
    ...(skipped === undefined ? {} : { skipped }),
    durationMs: Math.round(performance.now() - started),
    loadAverage: loadAverage(),
  };
}
