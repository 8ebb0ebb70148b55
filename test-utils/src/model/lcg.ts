/**
 * A tiny deterministic random source in [0, 1) (a 32-bit linear congruential generator). Give
 * the breaker one and the reference model another with the same seed: both then draw the same
 * numbers in the same order, as long as they draw at the same moments.
 *
 * @example
 * ```ts
 * const breakerRandom = lcg(42);
 * const modelRandom = lcg(42);
 * breakerRandom() === modelRandom(); // true
 * ```
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
