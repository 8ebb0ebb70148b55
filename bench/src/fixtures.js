// The protected functions and the competitors' breakers, built the way their documentation
// shows, so every scenario compares like with like.
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { LogListener } from '@fluxgate/listener-log';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import {
  ConsecutiveBreaker,
  CountBreaker,
  circuitBreaker,
  handleAll,
  SamplingBreaker,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import Opossum from 'opossum';
import OpossumPrometheus from 'opossum-prometheus';
import { Registry } from 'prom-client';
import winston from 'winston';

const require = createRequire(import.meta.url);

let counter = 0;

/** The protected async function: resolves with a fresh number, so nothing can be folded. */
export const asyncWork = async () => ++counter;

/** The protected sync function. */
export const syncWork = () => ++counter;

/** An async function that always rejects (used to trip the breakers). */
export const asyncFailure = async () => {
  throw new Error('dependency down');
};

/** Identity, for the `.then` reference. */
export const identity = (value) => value;

/** Rethrows, for the `.then(onValue, onError)` reference. */
export const rethrow = (error) => {
  throw error;
};

/** A cockatiel policy with `ConsecutiveBreaker(5)`. */
export function cockatielConsecutive(halfOpenAfter = 10_000) {
  return circuitBreaker(handleAll, { halfOpenAfter, breaker: new ConsecutiveBreaker(5) });
}

/** A cockatiel policy with `SamplingBreaker` (50% over 10 s). */
export function cockatielSampling() {
  return circuitBreaker(handleAll, {
    halfOpenAfter: 10_000,
    breaker: new SamplingBreaker({ threshold: 0.5, duration: 10_000 }),
  });
}

/** A cockatiel policy with `CountBreaker` over the last `size` calls (like `CountWindow`). */
export function cockatielCount(size) {
  return circuitBreaker(handleAll, {
    halfOpenAfter: 10_000,
    breaker: new CountBreaker({ threshold: 0.5, size }),
  });
}

/** An opossum breaker around `fn`; `options` as opossum takes them. */
export function opossum(fn, options) {
  return new Opossum(fn, options);
}

/** A cockatiel policy: `timeout(ms, Aggressive)` wrapping a `ConsecutiveBreaker(5)` policy. */
export function cockatielTimeoutBreaker(ms) {
  return wrap(timeout(ms, TimeoutStrategy.Aggressive), cockatielConsecutive());
}

/** opossum-prometheus on `breaker`, with a registry of its own prom-client copy (no timers). */
export function opossumPrometheus(breaker) {
  const promClient = createRequire(require.resolve('opossum-prometheus'))('prom-client');
  return new OpossumPrometheus({ circuits: [breaker], registry: new promClient.Registry() });
}

/** A fluxgate PrometheusListener with its own registry (call metrics on, its default). */
export function prometheusListener(name) {
  return new PrometheusListener({ name, registry: new Registry() });
}

/** A fluxgate LogListener on a winston logger that writes to nowhere. */
export function logListener(name) {
  const stream = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  const logger = winston.createLogger({ transports: [new winston.transports.Stream({ stream })] });
  return new LogListener({ name, logger });
}

/**
 * The least a sync breaker must do per call, written inline: a state check, a ring-buffer write
 * of the outcome and a failure streak (the stretch reference of the sync scenario).
 */
export function minimalCountingBreaker(size = 100) {
  const ring = new Uint8Array(size);
  let next = 0;
  let failures = 0;
  let streak = 0;
  let open = false;
  const record = (failed) => {
    failures += failed - ring[next];
    ring[next] = failed;
    next = next + 1 === size ? 0 : next + 1;
    streak = failed === 1 ? streak + 1 : 0;
    if (streak >= 5 || failures * 2 >= size) open = true;
  };
  return {
    call(fn) {
      if (open) throw new Error('open');
      let value;
      try {
        value = fn();
      } catch (error) {
        record(1);
        throw error;
      }
      record(0);
      return value;
    },
  };
}

let capturedResolve;
let capturedReject;
function capture(resolve, reject) {
  capturedResolve = resolve;
  capturedReject = reject;
}

/**
 * The least a call that can be released at its deadline adds to a plain `.then` wrapper: a
 * promise of its own (the caller's, settled by whichever comes first) and a callback pair on
 * fn's promise that knows which call it settles. No deadline is kept: this is a floor, not a
 * timeout. The timeout scenario's floor is the plain call plus what this adds to
 * `fn().then(onValue, onError)`.
 */
export function ownPromiseCall(fn) {
  // Built with every field first (as the breaker's own call record is), then given its settlers.
  const record = { done: false, resolve: capturedResolve, reject: capturedReject };
  const promise = new Promise(capture);
  record.resolve = capturedResolve;
  record.reject = capturedReject;
  fn().then(
    (value) => {
      record.done = true;
      record.resolve(value);
    },
    (error) => {
      record.done = true;
      record.reject(error);
    },
  );
  return promise;
}
