// What the fleet demo's parent hears from its instances, the Slack stand-in and redis-server,
// in ms since the story began. The summary is computed from it.
import type { FleetCallResult, InstanceMessage } from './fleet-messages';

/** One call, as an instance reported it. */
export interface FleetCall {
  readonly instance: string;
  readonly at: number;
  readonly result: FleetCallResult;
  readonly overheadMs: number;
}

/**
 * One signal an instance's breaker delivered: its message, with the instance's name and `at` in
 * ms since the story began.
 */
export type FleetSignal = Omit<Extract<InstanceMessage, { type: 'signal' }>, 'type'> & {
  readonly instance: string;
};

/** One post the Slack stand-in accepted. */
export interface FleetPost {
  readonly at: number;
  /** The post's plain text (its title). */
  readonly text: string;
  /** Whether it was posted in a thread, not top-level. */
  readonly reply: boolean;
}

/** The log of a fleet run. */
export class FleetLog {
  readonly calls: FleetCall[] = [];
  /** Probes, as [start, end] of the function's run, from every instance. */
  readonly probes: (readonly [number, number])[] = [];
  readonly signals: FleetSignal[] = [];
  readonly faults: { readonly instance: string; readonly at: number; readonly name: string }[] = [];
  readonly posts: FleetPost[] = [];
  /** When redis-server was killed and when the new one was ready; null if that did not happen. */
  redisDown: { from: number; to: number | null } | null = null;
}
