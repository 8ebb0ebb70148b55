import { brandFamily, isFamilyMember } from '../brand';
import type { Metric } from '../metric';
import type { State } from '../state';
import { describeValue, refuseVerdict } from '../validate';

const TRIPPER_BRAND = Symbol.for('@fluxgate/core:Tripper');

/** What a tripper sees after each recorded call. */
export interface CallContext {
  /** The window's aggregates, including the call just recorded. */
  readonly metric: Metric;
  /** The state that handled the call: `closed` or `half_open`. */
  readonly state: State;
  /** Failures in a row, across window boundaries; reset by a success and on entering half_open. */
  readonly consecutiveFailures: number;
}

/**
 * Decides when the circuit opens: evaluated after every recorded call in `closed` and
 * `half_open`; `true` opens the circuit. Comparisons are "reaches" (`>=`).
 *
 * Compose with {@link Tripper.and} and {@link Tripper.or}, or subclass and implement
 * {@link Tripper.evaluate}.
 *
 * @example
 * ```ts
 * // Five failures in a row, or half of at least 20 calls failing, or 30% slower than 1 s.
 * const tripper = new FailureStreak(5).or(
 *   new MinRequests(20).and(new FailureRate(0.5).or(new SlowRate(0.3, { threshold: 1_000 }))),
 * );
 * ```
 */
export abstract class Tripper {
  /**
   * `instanceof Tripper` recognises a tripper from any copy of `@fluxgate/core` (an app and a
   * dependency may each install one, or a CommonJS component may meet an ESM breaker);
   * `instanceof` a subclass keeps the ordinary prototype check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of instanceof, maybe a subclass.
    return isFamilyMember(this, Tripper, TRIPPER_BRAND, value);
  }

  /** Whether the circuit should open now. */
  abstract evaluate(ctx: CallContext): boolean;

  /** Opens only when both rules say so. */
  and(other: Tripper): Tripper {
    return new AndTripper(this, requireTripper('and', other));
  }

  /** Opens when either rule says so. */
  or(other: Tripper): Tripper {
    return new OrTripper(this, requireTripper('or', other));
  }

  /**
   * The rules this one is composed of (composites return their operands). The breaker walks
   * the tree once at construction to find the latency rules it must measure durations for.
   */
  children(): readonly Tripper[] {
    return [];
  }

  /** Whether this rule (not its children) reads call durations. Override in a latency rule. */
  get usesDurations(): boolean {
    return false;
  }

  /**
   * The distinct `SlowRate` thresholds (ms) of this tripper's tree, which the breaker's window
   * must count slow calls for: a `SlowRate` returns its own, any other tripper (composites
   * included) the union of its {@link children}'. The breaker reads it once, at construction.
   *
   * @example
   * ```ts
   * new SlowRate(0.3, { threshold: 1_000 }).or(new SlowRate(0.1, { threshold: 5_000 }))
   *   .slowThresholds; // [1000, 5000]
   * ```
   */
  get slowThresholds(): readonly number[] {
    if (visiting.has(this)) return NO_THRESHOLDS; // a tree whose children() loop back
    visiting.add(this);
    try {
      let union: number[] | undefined;
      for (const child of this.children()) {
        for (const threshold of child.slowThresholds) {
          union ??= [];
          if (!union.includes(threshold)) union.push(threshold);
        }
      }
      return union ?? NO_THRESHOLDS;
    } finally {
      visiting.delete(this);
    }
  }
}

const NO_THRESHOLDS: readonly number[] = Object.freeze([]);
/** Trippers whose `slowThresholds` is being computed, so a cyclic tree cannot recurse forever. */
const visiting = new Set<Tripper>();

function requireTripper(method: string, value: unknown): Tripper {
  if (!(value instanceof Tripper)) {
    throw new TypeError(`Tripper.${method}: other must be a Tripper, got ${describeValue(value)}`);
  }
  return value;
}

/** Refuses a verdict that is not a boolean (out of line: composites sit on every call's path). */
function refuse(verdict: unknown): never {
  refuseVerdict('Tripper', 'evaluate()', verdict);
}

class AndTripper extends Tripper {
  constructor(
    private readonly left: Tripper,
    private readonly right: Tripper,
  ) {
    super();
  }
  evaluate(ctx: CallContext): boolean {
    // Each side keeps its own call site (one shared helper would make it megamorphic), and a
    // verdict that is not a boolean (a promise would always trip) is a fault.
    const left = this.left.evaluate(ctx);
    if (left === false) return false;
    if (left !== true) refuse(left);
    const right = this.right.evaluate(ctx);
    return typeof right === 'boolean' ? right : refuse(right);
  }
  override children(): readonly Tripper[] {
    return [this.left, this.right];
  }
}

class OrTripper extends Tripper {
  constructor(
    private readonly left: Tripper,
    private readonly right: Tripper,
  ) {
    super();
  }
  evaluate(ctx: CallContext): boolean {
    const left = this.left.evaluate(ctx);
    if (left === true) return true;
    if (left !== false) refuse(left);
    const right = this.right.evaluate(ctx);
    return typeof right === 'boolean' ? right : refuse(right);
  }
  override children(): readonly Tripper[] {
    return [this.left, this.right];
  }
}
brandFamily(Tripper, TRIPPER_BRAND);
