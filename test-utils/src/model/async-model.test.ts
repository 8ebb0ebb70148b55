// The async breaker against the reference model of SPEC §3: as for the sync breaker, plus calls
// held in flight and settled in random order across transitions (outcomes of ended generations
// must not be recorded), the half_open probe cap, and ordered delivery to async listeners.
import fc from 'fast-check';
import { recordFigure, soakFactor } from '../soak/scale';
import { asyncActionArb } from './actions';
import { checkAsync } from './check-async';
import { modelConfigArb } from './config';
import { withoutStackTraces } from './no-stack-traces';

const runs = 10_000 * soakFactor();

test(`AsyncCircuitBreaker agrees with the model over ${runs} random sequences`, async () => {
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(
      modelConfigArb,
      fc.array(asyncActionArb, { maxLength: 60, size: 'max' }),
      fc.integer(),
      async (config, actions, seed) => {
        await withoutStackTraces(() => checkAsync(config, actions, seed));
      },
    ),
    { numRuns: runs },
  );
  recordFigure('async model: sequences', runs);
  recordFigure('async model: seconds', Math.round(performance.now() - started) / 1000);
}, 120_000);
