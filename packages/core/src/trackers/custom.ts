import { isFunction, refuseVerdict } from '../validate';
import { Tracker } from './tracker';

/**
 * Counts the errors a predicate accepts. The predicate must return a boolean: anything else (a
 * promise from an `async` predicate, say) is a fault, which the breaker reports and, on the safe
 * side, counts the error as a failure.
 *
 * @example
 * ```ts
 * // Only server-side HTTP errors count; a 404 is the caller's problem.
 * new Custom((error) => error instanceof HttpError && error.status >= 500);
 * ```
 */
export class Custom extends Tracker {
  private readonly predicate: (error: unknown) => boolean;

  constructor(predicate: (error: unknown) => boolean) {
    super();
    this.predicate = isFunction('Custom', 'predicate', predicate);
  }

  matches(error: unknown): boolean {
    const counts = this.predicate(error);
    if (typeof counts !== 'boolean') refuseVerdict('Custom', 'predicate', counts);
    return counts;
  }
}
