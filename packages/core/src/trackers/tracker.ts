import { brandFamily, isFamilyMember } from '../brand';
import { describeValue, refuseVerdict } from '../validate';

const TRACKER_BRAND = Symbol.for('@fluxgate/core:Tracker');
/**
 * Decides which errors count as failures. An error the tracker does not match is re-thrown to
 * the caller and not recorded at all. Errors are `unknown`: JavaScript can throw anything, so a
 * tracker must cope with strings, `null` and odd objects.
 *
 * Compose with {@link Tracker.and}, {@link Tracker.or} and {@link Tracker.not}, or subclass and
 * implement {@link Tracker.matches}.
 *
 * @example
 * ```ts
 * // Count network errors and timeouts, but not the caller's own validation errors.
 * const tracker = new TypeOf(Error).and(new TypeOf(ValidationError).not());
 * ```
 */
export abstract class Tracker {
  /**
   * `instanceof Tracker` recognises a tracker from any copy of `@fluxgate/core` (an app and a
   * dependency may each install one, or a CommonJS component may meet an ESM breaker);
   * `instanceof` a subclass keeps the ordinary prototype check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of instanceof, maybe a subclass.
    return isFamilyMember(this, Tracker, TRACKER_BRAND, value);
  }

  /** Whether `error` counts as a failure. */
  abstract matches(error: unknown): boolean;

  /** Counts an error only when both trackers match it. */
  and(other: Tracker): Tracker {
    return new AndTracker(this, requireTracker('and', other));
  }

  /** Counts an error when either tracker matches it. */
  or(other: Tracker): Tracker {
    return new OrTracker(this, requireTracker('or', other));
  }

  /** Counts exactly the errors this tracker does not. */
  not(): Tracker {
    return new NotTracker(this);
  }
}

function requireTracker(method: string, value: unknown): Tracker {
  if (!(value instanceof Tracker)) {
    throw new TypeError(`Tracker.${method}: other must be a Tracker, got ${describeValue(value)}`);
  }
  return value;
}

class AndTracker extends Tracker {
  constructor(
    private readonly left: Tracker,
    private readonly right: Tracker,
  ) {
    super();
  }
  matches(error: unknown): boolean {
    // A verdict that is not a boolean (a promise would always count) is a fault.
    const left = this.left.matches(error);
    if (left === false) return false;
    if (left !== true) refuseVerdict('Tracker', 'matches()', left);
    const right = this.right.matches(error);
    if (typeof right !== 'boolean') refuseVerdict('Tracker', 'matches()', right);
    return right;
  }
}

class OrTracker extends Tracker {
  constructor(
    private readonly left: Tracker,
    private readonly right: Tracker,
  ) {
    super();
  }
  matches(error: unknown): boolean {
    const left = this.left.matches(error);
    if (left === true) return true;
    if (left !== false) refuseVerdict('Tracker', 'matches()', left);
    const right = this.right.matches(error);
    if (typeof right !== 'boolean') refuseVerdict('Tracker', 'matches()', right);
    return right;
  }
}

class NotTracker extends Tracker {
  constructor(private readonly inner: Tracker) {
    super();
  }
  matches(error: unknown): boolean {
    const inner = this.inner.matches(error);
    if (typeof inner !== 'boolean') refuseVerdict('Tracker', 'matches()', inner);
    return !inner;
  }
}
brandFamily(Tracker, TRACKER_BRAND);
