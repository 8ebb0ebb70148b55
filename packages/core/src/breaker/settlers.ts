import type { State } from '../state';
import type { StateMachine } from './state-machine';

/**
 * The two callbacks that record an async call's outcome once its promise settles, shared by
 * every call of a generation when no start time or per-call result tracker is needed.
 *
 * @internal
 */
export interface Settlers {
  readonly generation: number;
  readonly onValue: (value: unknown) => unknown;
  readonly onError: (error: unknown) => never;
}

/** Builds the settlers shared by the calls started in `generation` and `state`. @internal */
export function settlersFor(
  m: StateMachine,
  generation: number,
  state: State,
  resultTracker: ((result: unknown) => boolean) | undefined,
): Settlers {
  return {
    generation,
    onValue: (value: unknown) => {
      m.settleValue(value, 0, generation, state, resultTracker);
      return value;
    },
    onError: (error: unknown): never => {
      m.settleError(error, 0, generation, state);
      throw error;
    },
  };
}

/**
 * Follows one call's promise with callbacks of its own (a start time or a result tracker of its
 * own): the same two callbacks as {@link settlersFor}, without an object to hold them.
 * @internal
 */
export function followCall<R>(
  m: StateMachine,
  result: R | Promise<R>,
  generation: number,
  state: State,
  start: number,
  resultTracker: ((result: unknown) => boolean) | undefined,
): Promise<R> {
  return Promise.resolve(result).then(
    (value: R) => {
      m.settleValue(value, start, generation, state, resultTracker);
      return value;
    },
    (error: unknown): never => {
      m.settleError(error, start, generation, state);
      throw error;
    },
  );
}
