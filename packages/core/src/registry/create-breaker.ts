import { describeError, describeValue } from '../render';
import { isThenableQuietly } from '../thenable';

/** Whether `value` looks like a breaker of any copy of core: what the registry relies on. */
function isBreaker(value: unknown): boolean {
  try {
    const candidate = value as Record<string, unknown>;
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof candidate.call === 'function' &&
      typeof candidate.info === 'function' &&
      typeof candidate.close === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * Runs a registry's `create(key)` and checks what it returned: a breaker, synchronously, not
 * one already held under another key (evicting either key would close the other's listeners).
 * Throws an `Error` with the fault as `cause` when `create` throws, a `TypeError` otherwise.
 */
export function createBreaker<K, B extends object>(
  owner: string,
  create: (key: K) => B,
  key: K,
  held: WeakSet<object>,
): B {
  let breaker: B;
  try {
    breaker = create(key);
  } catch (error) {
    throw new Error(`${owner}: create(${describeValue(key)}) threw: ${describeError(error)}`, {
      cause: error,
    });
  }
  const rule = isThenableQuietly(breaker)
    ? 'return a breaker synchronously (not a promise)'
    : !isBreaker(breaker)
      ? 'return a CircuitBreaker or AsyncCircuitBreaker'
      : held.has(breaker)
        ? 'return a new breaker for every key'
        : undefined;
  if (rule !== undefined) {
    throw new TypeError(
      `${owner}: create(${describeValue(key)}) must ${rule}, got ${describeValue(breaker)}`,
    );
  }
  return breaker;
}
