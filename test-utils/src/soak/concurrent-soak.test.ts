// A long concurrent run of the async breaker against the reference model: calls overlapping by
// the dozen, settled in random order across every kind of transition, for 5,000 calls per
// configuration (four of them) normally, and 500,000 each, 2,000,000 in all, in `pnpm soak`.
import fc from 'fast-check';
import { checkAsync } from '../model/check-async';
import { modelConfigArb } from '../model/config';
import { lcg } from '../model/lcg';
import { withoutStackTraces } from '../model/no-stack-traces';
import { randomActions } from '../model/random-actions';
import { recordFigure, soakFactor } from './scale';

const callsPerConfig = 5_000 * soakFactor();
const configs = fc.sample(modelConfigArb, { numRuns: 4, seed: 42 });

test(`${configs.length} configurations x ${callsPerConfig} overlapping async calls agree with the model`, async () => {
  const started = performance.now();
  let calls = 0;
  let steps = 0;
  let maxInFlight = 0;
  for (const [i, config] of configs.entries()) {
    const seed = 1_000 + i;
    const counts = await withoutStackTraces(() =>
      checkAsync(config, randomActions(lcg(seed), callsPerConfig), seed),
    );
    calls += counts.calls;
    steps += counts.steps;
    maxInFlight = Math.max(maxInFlight, counts.maxInFlight);
  }
  recordFigure('concurrent soak: async calls', calls);
  recordFigure('concurrent soak: steps checked', steps);
  recordFigure('concurrent soak: most calls in flight at once', maxInFlight);
  recordFigure('concurrent soak: seconds', Math.round(performance.now() - started) / 1000);
  expect(calls).toBe(configs.length * callsPerConfig);
  expect(maxInFlight).toBeGreaterThan(10);
}, 3_600_000);
