import type { CircuitBreakerInfo, Signal } from '@fluxgate/core';
import type { ReferenceModel } from './reference-model';

/**
 * A signal as one comparable string: `old->new:reopens:total:failures`, as the model writes it.
 *
 * @example
 * ```ts
 * const seen: string[] = [];
 * new CircuitBreaker({ listeners: [(signal) => seen.push(signalKey(signal))] });
 * ```
 */
export function signalKey(signal: Signal): string {
  return `${signal.oldState}->${signal.newState}:${signal.reopens}:${signal.metrics.totalCount}:${signal.metrics.failureCount}`;
}

/**
 * The breaker's side of a comparison, for a failure message.
 *
 * @example
 * ```ts
 * throw new Error(`breaker ${describeBreaker(breaker.info(), seen)}`);
 * ```
 */
export function describeBreaker(info: CircuitBreakerInfo, signals: readonly string[]): string {
  const m = info.metrics;
  const wait = info.retryAt === null ? null : info.retryAt - info.changedAt;
  return `${info.state} reopens ${info.reopens} calls ${m.totalCount} failures ${m.failureCount} duration ${m.totalDuration} wait ${wait}\n          ${signals.join(' ')}`;
}

/**
 * The model's side of a comparison, for a failure message.
 *
 * @example
 * ```ts
 * throw new Error(`model ${describeModel(model)}`);
 * ```
 */
export function describeModel(model: ReferenceModel): string {
  const wait = model.state === 'open' ? model.retryAt - model.changedAt : null;
  return `${model.state} reopens ${model.reopens} calls ${model.window.length} failures ${model.failures} duration ${model.totalDuration} wait ${wait}\n          ${model.signals.join(' ')}`;
}

/**
 * Throws with both sides when the breaker and the model disagree on the state, reopens, window
 * counts and total duration, the open wait (`retryAt - changedAt`), or the signals. Only plain
 * comparisons until something differs: this runs millions of times.
 *
 * @example
 * ```ts
 * compare(step, breaker.info(), seen, model);
 * ```
 */
export function compare(
  step: unknown,
  info: CircuitBreakerInfo,
  signals: readonly string[],
  model: ReferenceModel,
): void {
  const m = info.metrics;
  // info() ends a half_open episode past maxHalfOpenWait; the model does too when it looks.
  model.expire();
  let same =
    info.state === model.state &&
    info.reopens === model.reopens &&
    m.totalCount === model.window.length &&
    m.failureCount === model.failures &&
    m.totalDuration === model.totalDuration &&
    (model.state === 'open'
      ? info.retryAt !== null && info.retryAt - info.changedAt === model.retryAt - model.changedAt
      : info.retryAt === null) &&
    signals.length === model.signals.length;
  // A step sends at most two signals (open -> half_open -> closed): the earlier ones were compared.
  for (let i = signals.length - 1; same && i >= 0 && i >= signals.length - 2; i--) {
    same = signals[i] === model.signals[i];
  }
  if (!same) {
    throw new Error(
      `after ${JSON.stringify(step)}:\n  breaker ${describeBreaker(info, signals)}\n  model   ${describeModel(model)}`,
    );
  }
}
