import { brandFamily, isFamilyMember } from '../brand';

const PERMIT_BRAND = Symbol.for('@fluxgate/core:Permit');
/**
 * Decides which calls may run as probes while the circuit is `half_open`; the others are
 * rejected with `CallNotPermittedError`. Subclass and implement {@link Permit.admit}.
 *
 * @example
 * ```ts
 * // Admit one call in five during the first minute, then all.
 * class Trickle extends Permit {
 *   admit(elapsedMs: number, random: () => number): boolean {
 *     return elapsedMs >= 60_000 || random() < 0.2;
 *   }
 * }
 * ```
 */
export abstract class Permit {
  /**
   * `instanceof Permit` recognises a permit from any copy of `@fluxgate/core` (an app and a
   * dependency may each install one, or a CommonJS component may meet an ESM breaker);
   * `instanceof` a subclass keeps the ordinary prototype check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of instanceof, maybe a subclass.
    return isFamilyMember(this, Permit, PERMIT_BRAND, value);
  }

  /**
   * Whether this call may run.
   * @param elapsedMs time since the circuit entered half_open.
   * @param random the breaker's random source, values in [0, 1).
   */
  abstract admit(elapsedMs: number, random: () => number): boolean;
}
brandFamily(Permit, PERMIT_BRAND);
