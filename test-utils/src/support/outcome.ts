/** What a call produced: its value, or what it threw. */
export type Outcome =
  | { readonly threw: false; readonly value: unknown }
  | { readonly threw: true; readonly error: unknown };

/**
 * Runs `fn` and captures its value or whatever it threw, awaiting promises.
 *
 * @example
 * ```ts
 * const outcome = await capture(() => breaker.call(fn));
 * if (outcome.threw) expect(outcome.error).toBe(thrown);
 * ```
 */
export async function capture(fn: () => unknown): Promise<Outcome> {
  try {
    return { threw: false, value: await fn() };
  } catch (error) {
    return { threw: true, error };
  }
}

/**
 * Like {@link capture}, for code that must not return a promise.
 *
 * @example
 * ```ts
 * expect(captureSync(() => breaker.call(() => 'ok'))).toEqual({ threw: false, value: 'ok' });
 * ```
 */
export function captureSync(fn: () => unknown): Outcome {
  try {
    return { threw: false, value: fn() };
  } catch (error) {
    return { threw: true, error };
  }
}
