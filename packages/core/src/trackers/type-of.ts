import { describe, invalid } from '../validate';
import { Tracker } from './tracker';

// biome-ignore lint/suspicious/noExplicitAny: error classes take any constructor arguments.
type ErrorClass = abstract new (...args: any[]) => unknown;

/**
 * Counts errors that are instances (`instanceof`) of any of the given classes.
 *
 * @example
 * ```ts
 * new AsyncCircuitBreaker({ tracker: new TypeOf(TypeError, CallTimeoutError) });
 * ```
 */
export class TypeOf extends Tracker {
  /** The classes that count. */
  readonly classes: readonly ErrorClass[];

  constructor(...classes: ErrorClass[]) {
    super();
    if (classes.length === 0) {
      invalid('TypeOf', 'classes', 'at least one error class', classes.length, true);
    }
    classes.forEach((cls, i) => {
      if (typeof cls !== 'function') {
        throw new TypeError(`TypeOf: classes[${i}] must be a class, got ${describe(cls)}`);
      }
    });
    this.classes = Object.freeze([...classes]);
  }

  matches(error: unknown): boolean {
    for (const cls of this.classes) if (error instanceof cls) return true;
    return false;
  }
}
