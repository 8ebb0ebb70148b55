import type { CircuitAnnotations } from '../store/circuit-annotations';
import { infoOf, snapshotOf } from './facts';
import type { CircuitBreakerInfo } from './info';
import type { BreakerSnapshot } from './snapshot';
import type { StateMachine } from './state-machine';

/**
 * What both breakers share publicly: `info()`, `snapshot()` and `close()`. The state machine
 * itself is held in a `#private` field (the subclasses hold it too), so a subclass written in
 * JavaScript with a field named `state` or `record` cannot break a call. Not exported itself,
 * but in the public type hierarchy, so kept in the declarations (its constructor is not).
 */
export abstract class BreakerBase {
  readonly #machine: StateMachine;

  /** @internal */
  protected constructor(machine: StateMachine) {
    this.#machine = machine;
  }

  /**
   * The current state, the time of the last transition, the retry time and a copy of the
   * window. A half_open episode past `maxHalfOpenWait` reopens here.
   */
  info(): CircuitBreakerInfo {
    return infoOf(this.#machine);
  }

  /**
   * Short string values the listeners of this circuit share, fleet-wide with a `store` that keeps
   * them (see {@link CircuitAnnotations}); in this breaker's memory otherwise.
   */
  get annotations(): CircuitAnnotations {
    return this.#machine.annotations;
  }

  /**
   * The breaker's state as plain JSON, for `initialState` of a breaker in another process.
   * The window is not included.
   */
  snapshot(): BreakerSnapshot {
    return snapshotOf(this.#machine);
  }

  /**
   * Closes every listener that implements `close()` (a `PrometheusListener` then removes its
   * series), after the signals already sent have been delivered. Settles once each listener's
   * `close()` has settled; a listener whose `close()` throws or rejects is reported to
   * `onListenerError` and the others are still closed. Idempotent: later calls return the same
   * promise. The breaker itself keeps working; call it when the circuit is discarded. With a
   * `store`, what is pending is sent first and the breaker stops talking to the store (it then
   * runs on its local state).
   */
  close(): Promise<void> {
    return (this.#machine.fleet ?? this.#machine.listeners).close();
  }
}
