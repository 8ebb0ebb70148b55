/**
 * Whether `value` has a callable `then`. Reading `then` runs user code (a getter, a Proxy
 * trap), so this may throw: callers that must report such a fault call it inside their `try`.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Like {@link isThenable}, but a value whose `then` cannot be read is simply not a thenable. */
export function isThenableQuietly(value: unknown): value is PromiseLike<unknown> {
  try {
    return isThenable(value);
  } catch {
    return false;
  }
}
