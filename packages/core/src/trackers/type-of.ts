import { describeValue, invalid } from '../validate';
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
      // `instanceof` needs an object prototype: an arrow function would throw on every check.
      if (
        typeof cls !== 'function' ||
        typeof cls.prototype !== 'object' ||
        cls.prototype === null
      ) {
        throw new TypeError(`TypeOf: classes[${i}] must be a class, got ${describeValue(cls)}`);
      }
    });
    this.classes = Object.freeze([...classes]);
  }

  matches(error: unknown): boolean {
    try {
      for (const cls of this.classes) if (error instanceof cls) return true;
    } catch {
      // A Proxy whose traps throw, or a revoked one: not an instance of anything we know.
    }
    return false;
  }
}
