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
   * Whether this call may run.
   * @param elapsedMs time since the circuit entered half_open.
   * @param random the breaker's random source, values in [0, 1).
   */
  abstract admit(elapsedMs: number, random: () => number): boolean;
}
