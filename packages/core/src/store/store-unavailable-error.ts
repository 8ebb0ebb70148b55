/**
 * Reported once to the breaker's `onListenerError` when its circuit's store stops answering; the
 * breaker then runs on its local state until the store answers again. `cause` is the store's
 * first error. The caller of the breaker never sees it.
 *
 * @example
 * ```ts
 * new AsyncCircuitBreaker({
 *   store,
 *   onListenerError: (error) => {
 *     if (error instanceof Error && error.name === 'StoreUnavailableError') log.warn(error.message);
 *   },
 * });
 * ```
 */
export class StoreUnavailableError extends Error {
  /** The circuit's name in the store. */
  readonly circuit: string;

  constructor(circuit: string, cause: unknown) {
    super(
      `store for circuit '${circuit}' is unavailable; the breaker runs on its local state ` +
        'until the store answers again',
      { cause },
    );
    this.name = 'StoreUnavailableError';
    this.circuit = circuit;
  }
}
