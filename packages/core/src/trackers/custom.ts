import { isFunction } from '../validate';
import { Tracker } from './tracker';

/**
 * Counts the errors a predicate accepts.
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
    return Boolean(this.predicate(error));
  }
}
