import { brandFamily, isFamilyMember } from '../brand';

const RETRY_BRAND = Symbol.for('@fluxgate/core:Retry');
/**
 * Decides how long an open circuit waits before it admits a probe. The delay is drawn once,
 * when the circuit opens, and becomes `retryAt`.
 *
 * Subclass and implement {@link Retry.delay} for your own schedule.
 *
 * @example
 * ```ts
 * class Fixed extends Retry {
 *   delay(): number { return 5_000; }
 * }
 * ```
 */
export abstract class Retry {
  /**
   * `instanceof Retry` recognises a retry from any copy of `@fluxgate/core` (an app and a
   * dependency may each install one, or a CommonJS component may meet an ESM breaker);
   * `instanceof` a subclass keeps the ordinary prototype check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of instanceof, maybe a subclass.
    return isFamilyMember(this, Retry, RETRY_BRAND, value);
  }

  /**
   * The wait in ms before the circuit may probe; `Infinity` never probes.
   * @param reopens half_open -> open transitions since the circuit was last closed.
   * @param random the breaker's random source, values in [0, 1), for jitter.
   */
  abstract delay(reopens: number, random: () => number): number;
}

/** Scales `ms` by a uniform factor in [1 - ratio, 1 + ratio]. */
export function jitter(ms: number, ratio: number, random: () => number): number {
  if (ratio === 0) return ms;
  return ms * (1 - ratio + 2 * ratio * random());
}
brandFamily(Retry, RETRY_BRAND);
