// A call's extra arguments travel as one array, or as undefined when there are none (most
// calls). V8 removes the rest array of `call(fn, ...args)` only where it inlines the breaker's
// whole call path, which depends on what it happened to optimise first; a spread into a call it
// did not inline allocates two arrays per call. Passing undefined allocates none either way.

/** `args`, or undefined when it is empty. @internal */
export function callArgs<A extends unknown[]>(args: A): A | undefined {
  return args.length === 0 ? undefined : args;
}

/** Calls `fn` with `args` (see {@link callArgs}). @internal */
export function invoke<A extends unknown[], R>(fn: (...args: A) => R, args: A | undefined): R {
  return args === undefined ? (fn as () => R)() : fn(...args);
}
