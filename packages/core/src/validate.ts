// Argument checks shared by every constructor. Messages name the class, the parameter, the rule
// and the value received, e.g. "FailureRate: ratio must be in (0, 1], got 1.5".

/**
 * Renders any value for an error message without ever throwing (strings quoted, objects by
 * their tag, never their contents). Listener packages use it for their own validation messages.
 *
 * @example
 * ```ts
 * throw new TypeError(`MyListener: name must be a non-empty string, got ${describeValue(name)}`);
 * ```
 */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
      return String(value);
    }
    if (value === null || value === undefined) return String(value);
    if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
    if (typeof value === 'symbol') return value.toString();
    if (Array.isArray(value)) {
      const shown = value
        .slice(0, 12)
        .map((item) => (Array.isArray(item) ? 'an array' : describeValue(item)));
      return `[${shown.join(', ')}${value.length > 12 ? ', ...' : ''}]`;
    }
    return Object.prototype.toString.call(value);
  } catch {
    return 'an unprintable value';
  }
}

function fail(owner: string, param: string, rule: string, value: unknown, type = false): never {
  const message = `${owner}: ${param} must be ${rule}, got ${describeValue(value)}`;
  throw type ? new TypeError(message) : new RangeError(message);
}

function requireNumber(owner: string, param: string, rule: string, value: unknown): number {
  if (typeof value !== 'number') fail(owner, param, rule, value, true);
  if (Number.isNaN(value)) fail(owner, param, rule, value);
  return value;
}

/** A positive integer (window sizes, counts). */
export function positiveInteger(owner: string, param: string, value: unknown): number {
  const rule = 'a positive integer';
  const n = requireNumber(owner, param, rule, value);
  if (!Number.isInteger(n) || n <= 0) fail(owner, param, rule, value);
  return n;
}

/** A finite number greater than zero (durations, thresholds). */
export function positiveFinite(owner: string, param: string, value: unknown): number {
  const rule = 'a finite number > 0';
  const n = requireNumber(owner, param, rule, value);
  if (!Number.isFinite(n) || n <= 0) fail(owner, param, rule, value);
  return n;
}

/**
 * A number within an interval. `lowOpen`/`highOpen` exclude the bound; the rule in the message
 * uses interval notation, e.g. "(0, 1]".
 */
export function inInterval(
  owner: string,
  param: string,
  value: unknown,
  low: number,
  high: number,
  lowOpen: boolean,
  highOpen: boolean,
): number {
  const rule = `in ${lowOpen ? '(' : '['}${low}, ${high}${highOpen ? ')' : ']'}`;
  const n = requireNumber(owner, param, rule, value);
  const aboveLow = lowOpen ? n > low : n >= low;
  const belowHigh = highOpen ? n < high : n <= high;
  if (!aboveLow || !belowHigh) fail(owner, param, rule, value);
  return n;
}

/** A number greater than `bound` (e.g. a Backoff multiplier > 1). */
export function greaterThan(owner: string, param: string, value: unknown, bound: number): number {
  const rule = `a finite number > ${bound}`;
  const n = requireNumber(owner, param, rule, value);
  if (!Number.isFinite(n) || n <= bound) fail(owner, param, rule, value);
  return n;
}

/** A function. */
export function isFunction<T>(owner: string, param: string, value: T): T {
  if (typeof value !== 'function') fail(owner, param, 'a function', value, true);
  return value;
}

/** An options argument: undefined or a plain object. */
export function optionsObject<T extends object>(owner: string, param: string, value: unknown): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object') fail(owner, param, 'an object', value, true);
  return value as T;
}

/** Throws the standard message for a rule that the helpers above do not cover. */
export function invalid(
  owner: string,
  param: string,
  rule: string,
  value: unknown,
  type = false,
): never {
  fail(owner, param, rule, value, type);
}
