// The protected functions and the competitors' breakers, built the way their documentation
// shows, so every scenario compares like with like.
import {
  ConsecutiveBreaker,
  CountBreaker,
  circuitBreaker,
  handleAll,
  SamplingBreaker,
} from 'cockatiel';
import Opossum from 'opossum';

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
