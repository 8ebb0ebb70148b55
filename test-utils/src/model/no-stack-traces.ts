/**
 * Runs `fn` with stack traces off. Errors created deep inside fast-check and jest capture long
 * stacks, and the model checks create millions of them (the user's failures and the breaker's
 * rejections): without the traces the checks run about twice as fast. Nothing in a check reads
 * a stack.
 *
 * @example
 * ```ts
 * withoutStackTraces(() => checkSync(config, actions, seed));
 * ```
 */
export function withoutStackTraces<T>(fn: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const result = fn();
    if (result instanceof Promise) {
      return result.finally(() => {
        Error.stackTraceLimit = limit;
      }) as T;
    }
    Error.stackTraceLimit = limit;
    return result;
  } catch (error) {
    Error.stackTraceLimit = limit;
    throw error;
  }
}
