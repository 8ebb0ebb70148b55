// The sync breaker against the reference model of SPEC §3, over random sequences of calls with
// random outcomes and durations, clock moves (forwards, backwards, huge) and manual controls.
import fc from 'fast-check';
import { recordFigure, soakFactor } from '../soak/scale';
import { syncActionArb } from './actions';
import { checkSync } from './check-sync';
import { modelConfigArb } from './config';
import { withoutStackTraces } from './no-stack-traces';

const runs = 10_000 * soakFactor();

test(`CircuitBreaker agrees with the model over ${runs} random sequences`, () => {
  const started = performance.now();
  fc.assert(
    fc.property(
      modelConfigArb,
      fc.array(syncActionArb, { maxLength: 60, size: 'max' }),
      fc.integer(),
      (config, actions, seed) => withoutStackTraces(() => checkSync(config, actions, seed)),
    ),
    { numRuns: runs },
  );
  recordFigure('sync model: sequences', runs);
  recordFigure('sync model: seconds', Math.round(performance.now() - started) / 1000);
}, 120_000);
