// Promises the async breaker settles itself, built without a closure per promise.
//
// A promise rejected at once has no handler yet, so V8 reports an unhandled rejection to Node,
// and then its handling when the caller's `await` attaches one: together about half a
// microsecond, more than the rest of a rejected call. Rejecting one microtask later, once the
// caller's `await` has attached its handler, skips both; a caller that never handles the
// promise still gets Node's unhandled-rejection report.

/** Receives the settle functions of a promise built by {@link settlablePromise}. */
export interface Settlable<T> {
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason: unknown) => void;
}

let slotResolve: ((value: never) => void) | undefined;
let slotReject: ((reason: unknown) => void) | undefined;

/** The one executor every such promise shares: it only hands its functions over. */
function capture(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  slotResolve = resolve;
  slotReject = reject;
}

/** A new pending promise whose settle functions are stored on `holder`. */
export function settlablePromise<T>(holder: Settlable<T>): Promise<T> {
  const promise = new Promise<T>(capture);
  holder.resolve = slotResolve as (value: T | PromiseLike<T>) => void;
  holder.reject = slotReject!;
  return promise;
}

/** Reject functions and their reasons, in pairs, for the next {@link flush}. */
const queued: unknown[] = [];
const settled = Promise.resolve();

function flush(): void {
  // Rejecting runs no user code synchronously, so nothing can be queued during the loop.
  for (let i = 0; i < queued.length; i += 2)
    (queued[i] as (reason: unknown) => void)(queued[i + 1]);
  queued.length = 0;
}

const holder: Settlable<never> = { resolve: () => {}, reject: () => {} };

/** A promise that rejects with `reason` one microtask from now. */
export function rejectSoon<T>(reason: unknown): Promise<T> {
  const promise = settlablePromise(holder) as Promise<T>;
  if (queued.length === 0) settled.then(flush);
  queued.push(holder.reject, reason);
  return promise;
}
