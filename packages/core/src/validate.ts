// Argument checks shared by every constructor. Messages name the class, the parameter, the rule
// and the value received, e.g. "FailureRate: ratio must be in (0, 1], got 1.5".

import { describeError, describeValue } from './render';

export { describeValue };

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

/**
 * Checks an options object and copies it: `value` must be an object (or `undefined` when
 * `required` is not given) whose own keys are all among `keys`, else a `TypeError` names the
 * unknown key and the valid ones. Each allowed key is read exactly once, so a getter cannot
 * answer one thing to the check and another to the constructor; an explicit `undefined` is the
 * same as an absent key. Listener packages use it for their own options.
 *
 * @param required the rule to state when options are missing, e.g. `'an object { initial }'`;
 *   without it, `undefined` options mean every key is absent.
 * @example
 * ```ts
 * const opts = checkOptions('MyListener', 'options', options, ['name', 'level']);
 * const name = opts.name; // unknown: validate it next
 * ```
 */
export function checkOptions<const K extends string>(
  owner: string,
  param: string,
  value: unknown,
  keys: readonly K[],
  required?: string,
): { readonly [P in K]: unknown } {
  const copy = Object.create(null) as Record<K, unknown>;
  if (value === undefined && required === undefined) return copy;
  const rule = required ?? 'an object';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(owner, param, rule, value, true);
  }
  let own: string[];
  try {
    own = Object.keys(value);
    for (const key of keys) copy[key] = (value as Record<string, unknown>)[key];
  } catch (error) {
    throw new TypeError(`${owner}: ${param} could not be read: ${describeError(error)}`);
  }
  for (const key of own) {
    if (!(keys as readonly string[]).includes(key)) {
      const where = param === 'options' ? '' : ` in ${param}`;
      throw new TypeError(
        `${owner}: unknown option '${key}'${where}; the options are ${keys.join(', ')}`,
      );
    }
  }
  return copy;
}

/**
 * Checks histogram bucket upper bounds and copies them: a non-empty array of finite numbers
 * above 0 in increasing order, else a `TypeError` (not an array, or a member that is not a
 * number) or a `RangeError` naming `owner`, `param` and the value. With `minGap`, consecutive
 * bounds (and 0 and the first) must also be at least that far apart. Metrics listeners use it
 * for their `buckets` option.
 *
 * @returns a frozen copy, so later changes to the caller's array do not reach the histogram.
 * @example
 * ```ts
 * const buckets = checkBuckets('MyListener', 'buckets', options.buckets); // [0.1, 1, 10]
 * ```
 */
export function checkBuckets(
  owner: string,
  param: string,
  value: unknown,
  minGap = 0,
): readonly number[] {
  const rule = 'a non-empty array of finite numbers > 0 in increasing order';
  if (!Array.isArray(value)) fail(owner, param, rule, value, true);
  if (value.length === 0) fail(owner, param, rule, value);
  const bounds: number[] = [];
  let previous = 0;
  for (const bound of value as unknown[]) {
    if (typeof bound !== 'number') fail(owner, param, rule, value, true);
    if (!Number.isFinite(bound) || bound <= previous) fail(owner, param, rule, value);
    if (bound - previous < minGap) {
      fail(owner, param, `at least ${minGap} apart, the first at least ${minGap}`, value);
    }
    bounds.push(bound);
    previous = bound;
  }
  return Object.freeze(bounds);
}

/**
 * Refuses a user component's verdict that is not a boolean: an `async` `matches()` or
 * `evaluate()` returns a promise, which is truthy, and would count (or trip) on every call.
 * Throwing makes it a reported fault, handled on the safe side by the breaker. Callers check
 * `typeof` inline and call this only on the cold path, so each keeps its own call sites.
 */
export function refuseVerdict(owner: string, method: string, value: unknown): never {
  throw new TypeError(`${owner}: ${method} must return a boolean, got ${describeValue(value)}`);
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
