import type { State } from '../state';
import type { StateMachine } from './state-machine';

/**
 * The two callbacks that record an async call's outcome once its promise settles. The async
 * breaker shares one pair between every call of a generation when no start time or per-call
 * result tracker is needed: `.then` with shared callbacks costs far less than an await frame.
 *
 * @internal
 */
export interface Settlers {
  readonly generation: number;
  readonly onValue: (value: unknown) => unknown;
  readonly onError: (error: unknown) => never;
}

/** Builds the settlers of calls started in `generation` and `state` at `start`. @internal */
export function settlersFor(
  m: StateMachine,
  generation: number,
  state: State,
  start: number,
  resultTracker: ((result: unknown) => boolean) | undefined,
): Settlers {
  return {
    generation,
    onValue: (value: unknown) => {
      m.settleValue(value, start, generation, state, resultTracker);
      return value;
    },
    onError: (error: unknown): never => {
      m.settleError(error, start, generation, state);
      throw error;
    },
  };
}
