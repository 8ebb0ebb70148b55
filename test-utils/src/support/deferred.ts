/** A promise with its `resolve` and `reject` exposed. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * A promise settled from outside: the protected function of a call held in flight.
 *
 * @example
 * ```ts
 * const gate = deferred<string>();
 * const call = breaker.call(() => gate.promise);
 * gate.resolve('ok');
 * await call; // 'ok'
 * ```
 */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
