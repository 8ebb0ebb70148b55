import { CallNotPermittedError, CircuitBreaker } from '@fluxgate/core';
import { ManualClock } from '../support/manual-clock';
import type { Action } from './actions';
import { breakerComponents, CountedError, FLAGGED, IgnoredError, type ModelConfig } from './config';
import { lcg } from './lcg';
import { compare, signalKey } from './observe';
import { type Outcome, ReferenceModel } from './reference-model';

/**
 * The protected function of a model call: moves the clock by `duration`, then ends with
 * `outcome` (a counted or an ignored error, a flagged or a plain value).
 *
 * @example
 * ```ts
 * breaker.call(runOutcome, clock, 'failure', 20); // throws CountedError after 20 ms
 * ```
 */
export function runOutcome(clock: ManualClock, outcome: Outcome, duration: number): string {
  clock.advance(duration);
  if (outcome === 'failure') throw new CountedError('counted');
  if (outcome === 'ignored') throw new IgnoredError('ignored');
  return outcome === 'flagged' ? FLAGGED : 'ok';
}

/**
 * Runs `actions` against a `CircuitBreaker` and the reference model side by side and throws at
 * the first step where they disagree on the caller's result, state, reopens, window counts and
 * durations, the open wait, or the signals. `seed` drives both random sources. Calls in the
 * actions are all settled at once (`hold` and `settle` do not apply to the sync breaker).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(modelConfigArb, fc.array(syncActionArb), fc.integer(), checkSync));
 * ```
 */
export function checkSync(config: ModelConfig, actions: readonly Action[], seed: number): void {
  const model = new ReferenceModel(config, lcg(seed));
  const clock = new ManualClock();
  const signals: string[] = [];
  const breaker = new CircuitBreaker({
    ...breakerComponents(config),
    clock,
    random: lcg(seed),
    listeners: [(signal) => signals.push(signalKey(signal))],
  });
  const controls = {
    closed: () => breaker.reset(),
    disabled: () => breaker.disable(),
    metrics_only: () => breaker.metricsOnly(),
    forced_open: () => breaker.forceOpen(),
  };

  for (const action of actions) {
    if (action.kind === 'advance') {
      clock.advance(action.ms);
      model.advance(action.ms);
    } else if (action.kind === 'control') {
      model.transition(action.to);
      controls[action.to]();
    } else if (action.kind === 'call') {
      const { outcome, duration } = action;
      const admission = model.start();
      let result: unknown;
      let error: unknown;
      try {
        result = breaker.call(runOutcome, clock, outcome, duration);
      } catch (e) {
        error = e;
      }
      if (admission === null) {
        if (!CallNotPermittedError.isInstance(error)) {
          throw new Error(`after ${JSON.stringify(action)}: ran, the model rejects it`);
        }
      } else {
        if (CallNotPermittedError.isInstance(error)) {
          throw new Error(`after ${JSON.stringify(action)}: rejected, the model runs it`);
        }
        const expected = outcome === 'success' ? 'ok' : outcome === 'flagged' ? FLAGGED : null;
        if (expected !== null ? result !== expected : !(error instanceof Error)) {
          throw new Error(
            `after ${JSON.stringify(action)}: the caller got ${String(result ?? error)}`,
          );
        }
        model.advance(duration);
        model.settle(admission, outcome);
      }
    }
    // Plain comparisons rather than expect(): this runs hundreds of thousands of times.
    compare(action, breaker.info(), signals, model);
  }
}
