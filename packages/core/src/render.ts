// Turning values a user handed us (thrown values, options, times) into text. Every function here
// is total: a hostile value (a revoked Proxy, throwing getters, a null prototype) renders as
// something, never throws.

/** Longest rendering of one string or name, so a huge value cannot flood a log line. */
const MAX_TEXT = 200;
/** Longest error message kept by {@link describeError}. */
const MAX_MESSAGE = 1_000;
/** Largest magnitude `Date` represents: 100,000,000 days either side of the epoch. */
const MAX_DATE_MS = 8.64e15;

function clip(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** The name of the class `value` was made by, or undefined for plain and null-prototype objects. */
function className(value: object): string | undefined {
  try {
    const ctor = (value as { constructor?: unknown }).constructor;
    if (typeof ctor !== 'function' || ctor === Object) return undefined;
    const name: unknown = ctor.name;
    // 'Object' too: a plain object from another realm (a vm context) has another `Object`.
    return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
  } catch {
    return undefined; // a throwing `constructor` getter
  }
}

/** Array.isArray, which throws for a revoked Proxy (and for nothing else). */
function arrayOrRevoked(value: unknown): boolean | 'revoked' {
  try {
    return Array.isArray(value);
  } catch {
    return 'revoked';
  }
}

function describeObject(value: object): string {
  const isArray = arrayOrRevoked(value);
  if (isArray === 'revoked') return 'a revoked Proxy';
  if (isArray) {
    const items = value as unknown[];
    const shown = items
      .slice(0, 12)
      .map((item) => (arrayOrRevoked(item) === true ? 'an array' : describeValue(item)));
    return `[${shown.join(', ')}${items.length > 12 ? ', ...' : ''}]`;
  }
  const tag = Object.prototype.toString.call(value);
  const name = className(value);
  // Built-ins (`[object Date]`) keep their tag; instances of other classes are named by it.
  return name === undefined || tag === `[object ${name}]`
    ? clip(tag)
    : `an instance of ${clip(name)}`;
}

/**
 * Renders any value for an error message without ever throwing: strings quoted, numbers as
 * written, functions by name, instances of a class as `an instance of Name`, other objects by
 * their tag (`[object Object]`), never their contents. Listener packages use it for their own
 * validation messages.
 *
 * @example
 * ```ts
 * throw new TypeError(`MyListener: name must be a non-empty string, got ${describeValue(name)}`);
 * describeValue(new Cooldown(1_000)); // 'an instance of Cooldown'
 * ```
 */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === 'string') return clip(JSON.stringify(value));
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
      return clip(String(value));
    }
    if (value === null || value === undefined) return String(value);
    if (typeof value === 'function') {
      let name: unknown;
      try {
        name = value.name;
      } catch {
        name = undefined;
      }
      return `function ${typeof name === 'string' && name !== '' ? clip(name) : '(anonymous)'}`;
    }
    if (typeof value === 'symbol') return clip(value.toString());
    return describeObject(value);
  } catch {
    return 'an unprintable value';
  }
}

function readText(error: object, key: 'name' | 'message'): string | undefined {
  try {
    const text: unknown = (error as Record<string, unknown>)[key];
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined; // a throwing getter
  }
}

/**
 * Renders a thrown value as one line, `Name: message` for an error (its own class name when its
 * `name` cannot be read), the text itself for a thrown string, and {@link describeValue} for
 * anything else. Never throws and never calls the value's `toString`, so it is safe in an error
 * handler whatever was thrown.
 *
 * @example
 * ```ts
 * onListenerError: (error) => console.error(`[payments] ${describeError(error)}`),
 * ```
 */
export function describeError(error: unknown): string {
  if (typeof error === 'string') return clip(error, MAX_MESSAGE);
  if (typeof error !== 'object' || error === null) return describeValue(error);
  const message = readText(error, 'message');
  if (message === undefined && !hasErrorTag(error)) return describeValue(error);
  const name = clip(readText(error, 'name') || className(error) || 'Error');
  if (message === undefined) return `${name} (its message could not be read)`;
  return message === '' ? name : `${name}: ${clip(message, MAX_MESSAGE)}`;
}

function hasErrorTag(value: object): boolean {
  try {
    return Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false;
  }
}

/**
 * Renders epoch ms as an ISO 8601 string; a time `Date` cannot represent (beyond ±8.64e15 ms,
 * infinite or NaN) reads as `'never'`, since no clock will reach it. Never throws.
 *
 * @example
 * ```ts
 * formatEpoch(error.retryAt ?? Number.POSITIVE_INFINITY); // '2030-01-02T03:04:05.000Z' or 'never'
 * ```
 */
export function formatEpoch(ms: number): string {
  return isEpochInRange(ms) ? new Date(ms).toISOString() : 'never';
}

/** Whether `ms` is an epoch time `Date` can represent (within ±8.64e15 ms, not NaN). */
export function isEpochInRange(ms: unknown): ms is number {
  return typeof ms === 'number' && Math.abs(ms) <= MAX_DATE_MS;
}
