import type { Signal, SignalOrigin } from '../listeners/signal';
import type { State } from '../state';

/** A fleet transition a breaker adopts, in its own monotonic time. */
export interface FleetChange {
  /** The state the listeners last heard of: the signal's `oldState` (none when it equals `to`). */
  readonly from: State;
  /** The fleet's state. */
  readonly to: State;
  /** When the fleet moved, local monotonic ms. */
  readonly changedAt: number;
  /** When open admits probes, local monotonic ms; `Infinity` for never; NaN unless open. */
  readonly retryAt: number;
  /** The fleet's reopen count. */
  readonly reopens: number;
  /** `'local'` when this instance's store request made the move (e.g. open -> half_open). */
  readonly origin: SignalOrigin;
}

/**
 * What a breaker gives its `FleetLink`: the link reads its state and time, and hands back
 * what the fleet decided. The breakers implement it through `BreakerFleet`.
 */
export interface FleetHost {
  /** The breaker's state right now. */
  state(): State;
  /** The breaker's retry time, monotonic ms (NaN unless open). */
  retryAt(): number;
  /** The breaker's sanitised monotonic clock. */
  now(): number;
  /**
   * Move to the fleet's state as a transition (new local generation, window cleared, probe
   * count reset) and notify the listeners with `change.origin`, from `change.from`, unless
   * `from` equals `to` (then the move is silent: the listeners already think so).
   */
  adopt(change: FleetChange): void;
  /** Same state as the fleet: take its times and reopen count without a transition. */
  align(changedAt: number, retryAt: number, reopens: number): void;
  /**
   * The window now holds the fleet's latest totals: let the tripper decide on them, as after a
   * recorded call (a closed circuit may have to open on calls made elsewhere).
   */
  reconsider(now: number): void;
  /** Hand a signal (of a transition this breaker made) to its listeners. */
  deliver(signal: Signal): void;
  /** Report a fault to `onListenerError`. */
  report(error: unknown): void;
}

/** How a breaker configures its `FleetLink`. */
export interface FleetLinkOptions {
  /** The window's reach, ms (the breaker's `TimeWindow.durationMs`). */
  readonly durationMs: number;
  /** The window's bucket width, ms (the breaker's `TimeWindow.bucketMs`). */
  readonly bucketMs: number;
  /** The breaker's SlowRate thresholds. */
  readonly thresholds: readonly number[];
  /** At most this many probes in flight fleet-wide. */
  readonly maxProbes: number;
  /** The breaker's call timeout, ms (0: none); a lease lives this long plus a margin. */
  readonly timeout: number;
  /** Epoch ms minus the breaker's monotonic ms: the first guess of the store's clock. */
  readonly epochOffset: number;
}
