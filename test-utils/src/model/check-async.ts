import { AsyncCircuitBreaker, CallNotPermittedError } from '@fluxgate/core';
import { ManualClock } from '../support/manual-clock';
import type { Action } from './actions';
import { breakerComponents, CountedError, FLAGGED, IgnoredError, type ModelConfig } from './config';
import { lcg } from './lcg';
import { compare, signalKey } from './observe';
import { type Admission, type Outcome, ReferenceModel } from './reference-model';

/** What a caller got back from the breaker, once it settled. */
interface Settled {
  done: boolean;
  value?: unknown;
  error?: unknown;
}

/** A call held in flight: the model's admission and the way to end it. */
interface InFlight {
  readonly admission: Admission;
  readonly outcome: Outcome;
  readonly end: () => void;
  readonly settled: Promise<Settled>;
  readonly error: Error | null;
}

function track(promise: Promise<unknown>): { state: Settled; settled: Promise<Settled> } {
  const state: Settled = { done: false };
  const settled = promise.then(
    (value) => {
      state.done = true;
      state.value = value;
      return state;
    },
    (error: unknown) => {
      state.done = true;
      state.error = error;
      return state;
    },
  );
  return { state, settled };
}

function errorFor(outcome: Outcome): Error | null {
  if (outcome === 'failure') return new CountedError('counted');
  if (outcome === 'ignored') return new IgnoredError('ignored');
  return null;
}

/** Throws unless the caller got exactly what the function produced. */
function checkResult(action: unknown, got: Settled, outcome: Outcome, error: Error | null): void {
  const ok =
    error !== null ? got.error === error : got.value === (outcome === 'flagged' ? FLAGGED : 'ok');
  if (!ok) {
    throw new Error(
      `after ${JSON.stringify(action)}: the caller got ${String(got.error ?? got.value)}`,
    );
  }
}

/**
 * Runs `actions` against an `AsyncCircuitBreaker` and the reference model side by side, with
 * calls held in flight and settled in random order across transitions, and throws at the first
 * step where they disagree: on admission, what the caller got, state, reopens, window counts and
 * durations, the open wait, or the signals. At the end every call still in flight is settled, and
 * an async listener must have received exactly the signals a sync one did, in order. `actions`
 * may be any iterable, a generator of millions of steps included (see {@link randomActions}).
 * Returns how many steps and calls it checked and the most calls that were in flight at once.
 *
 * @example
 * ```ts
 * await fc.assert(
 *   fc.asyncProperty(modelConfigArb, fc.array(asyncActionArb), fc.integer(), checkAsync),
 * );
 * ```
 */
export async function checkAsync(
  config: ModelConfig,
  actions: Iterable<Action>,
  seed: number,
): Promise<{ steps: number; calls: number; maxInFlight: number }> {
  const model = new ReferenceModel(config, lcg(seed), {
    maxHalfOpenCalls: config.maxHalfOpenCalls,
  });
  const clock = new ManualClock();
  const signals: string[] = [];
  const delivered: string[] = [];
  const faults: unknown[] = [];
  const breaker = new AsyncCircuitBreaker({
    ...breakerComponents(config),
    maxHalfOpenCalls: config.maxHalfOpenCalls,
    clock,
    random: lcg(seed),
    listeners: [
      (signal) => signals.push(signalKey(signal)),
      async (signal) => {
        await null;
        delivered.push(signalKey(signal));
      },
    ],
    onListenerError: (error) => faults.push(error),
  });
  const controls = {
    closed: () => breaker.reset(),
    disabled: () => breaker.disable(),
    metrics_only: () => breaker.metricsOnly(),
    forced_open: () => breaker.forceOpen(),
  };
  const inFlight: InFlight[] = [];
  const counts = { steps: 0, calls: 0, maxInFlight: 0 };

  const settle = async (step: unknown, index: number) => {
    const [call] = inFlight.splice(index, 1);
    call.end();
    const got = await call.settled;
    checkResult(step, got, call.outcome, call.error);
    model.settle(call.admission, call.outcome);
  };

  for (const action of actions) {
    counts.steps++;
    if (action.kind === 'advance') {
      clock.advance(action.ms);
      model.advance(action.ms);
    } else if (action.kind === 'control') {
      model.transition(action.to);
      await controls[action.to]();
    } else if (action.kind === 'settle') {
      if (inFlight.length > 0) await settle(action, action.pick % inFlight.length);
    } else {
      const { outcome, duration, hold } = action;
      counts.calls++;
      const admission = model.start();
      const error = errorFor(outcome);
      let end = () => {};
      const promise = hold
        ? breaker.call(
            () =>
              new Promise<string>((resolve, reject) => {
                end = () =>
                  error !== null ? reject(error) : resolve(outcome === 'flagged' ? FLAGGED : 'ok');
              }),
          )
        : breaker.call(() => {
            clock.advance(duration);
            if (error !== null) throw error;
            return outcome === 'flagged' ? FLAGGED : 'ok';
          });
      const { state, settled } = track(promise);
      if (admission === null || !hold) {
        const got = await settled;
        if (admission === null) {
          if (!CallNotPermittedError.isInstance(got.error)) {
            throw new Error(`after ${JSON.stringify(action)}: ran, the model rejects it`);
          }
        } else {
          if (CallNotPermittedError.isInstance(got.error)) {
            throw new Error(`after ${JSON.stringify(action)}: rejected, the model runs it`);
          }
          checkResult(action, got, outcome, error);
          model.advance(duration);
          model.settle(admission, outcome);
        }
      } else {
        await null;
        if (state.done) {
          throw new Error(
            `after ${JSON.stringify(action)}: settled at once (${String(state.error)})`,
          );
        }
        inFlight.push({ admission, outcome, end, settled, error });
        if (inFlight.length > counts.maxInFlight) counts.maxInFlight = inFlight.length;
      }
    }
    compare(action, breaker.info(), signals, model);
  }
  // Whatever is still in flight ends now, in an order drawn from the seed.
  const order = lcg(seed ^ 0x5bd1e995);
  while (inFlight.length > 0) {
    await settle('final settle', Math.floor(order() * inFlight.length));
    compare('final settle', breaker.info(), signals, model);
  }
  await breaker.flush();
  if (faults.length > 0) throw new Error(`unexpected faults: ${faults.map(String).join(', ')}`);
  if (delivered.join(' ') !== signals.join(' ')) {
    throw new Error(
      `the async listener got ${delivered.join(' ')}\n  the sync listener ${signals.join(' ')}`,
    );
  }
  return counts;
}
