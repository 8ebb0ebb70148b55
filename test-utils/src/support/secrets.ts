import { inspect } from 'node:util';

/** The Slack token the suite configures; nothing reported, logged or signalled may contain it. */
export const SLACK_TOKEN = 'xoxb-4242-2424-fluxgateS3cretT0ken';

/** The part of the token that is secret (the prefix and ids are not). */
export const TOKEN_SECRET = 'fluxgateS3cretT0ken';

/**
 * Every string reachable from `value`: own properties enumerable or not, symbols, getters
 * (read defensively), prototypes' own data, Map and Set entries, error causes; plus
 * `util.inspect` with hidden properties, `JSON.stringify`, and `String()`. What any logger,
 * error tracker or serialiser could print of it.
 *
 * @example
 * ```ts
 * expect(renderings(error).some((text) => text.includes(TOKEN_SECRET))).toBe(false);
 * ```
 */
export function renderings(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number) => {
    if (typeof v === 'string') {
      out.push(v);
      return;
    }
    if (
      v === null ||
      (typeof v !== 'object' && typeof v !== 'function') ||
      seen.has(v) ||
      depth > 12
    )
      return;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v) {
        walk(k, depth + 1);
        walk(x, depth + 1);
      }
    }
    if (v instanceof Set) for (const x of v) walk(x, depth + 1);
    let keys: (string | symbol)[] = [];
    try {
      keys = Reflect.ownKeys(v);
    } catch {
      return;
    }
    for (const key of keys) {
      if (typeof key === 'string') out.push(key);
      try {
        walk((v as Record<string | symbol, unknown>)[key], depth + 1);
      } catch {
        // A throwing getter shows nothing.
      }
    }
  };
  walk(value, 0);
  try {
    out.push(inspect(value, { depth: 12, showHidden: true, getters: true }));
  } catch {
    // Not inspectable.
  }
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // Cyclic: the walk covers it.
  }
  try {
    out.push(String(value));
  } catch {
    // No string form.
  }
  return out;
}

/**
 * The renderings of `values` that contain the token's secret part, for an assertion that
 * expects none.
 *
 * @example
 * ```ts
 * expect(leaks(reported)).toEqual([]);
 * ```
 */
export function leaks(values: readonly unknown[]): string[] {
  return values.flatMap(renderings).filter((text) => text.includes(TOKEN_SECRET));
}
