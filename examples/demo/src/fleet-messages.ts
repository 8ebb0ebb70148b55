// What the fleet demo's parent and its instances (child processes) tell each other over IPC.
import type { SignalOrigin, State } from '@fluxgate/core';

/** How an instance starts: passed as JSON in `FLUXGATE_FLEET_INSTANCE`. */
export interface InstanceConfig {
  readonly name: string;
  readonly redisPort: number;
  readonly upstreamUrl: string;
  readonly slackUrl: string;
  readonly slackToken: string;
  readonly callEvery: number;
  readonly window: number;
  readonly bucket: number;
  readonly cooldown: number;
  readonly timeout: number;
}

/**
 * How one call ended: `failed` when the upstream failed (a 503, a refused connection, a
 * timeout); `broken` when the caller got an error that was neither the upstream's nor a
 * rejection (a Redis error reaching the caller would land here: there must be none).
 */
export type FleetCallResult = 'ok' | 'failed' | 'rejected' | 'broken';

/** Times are epoch ms with sub-ms precision (`performance.timeOrigin + performance.now()`). */
export type InstanceMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'call';
      readonly at: number;
      readonly result: FleetCallResult;
      /** Time the breaker added to the call (its whole duration when the function did not run), ms. */
      readonly overheadMs: number;
      /** When the call was a half_open probe: when the function started and ended. */
      readonly probe: readonly [number, number] | null;
      /** The breaker after the call. */
      readonly state: State;
      readonly windowCalls: number;
    }
  | {
      readonly type: 'signal';
      readonly at: number;
      readonly from: State;
      readonly to: State;
      readonly origin: SignalOrigin;
      /** The window the transition was decided on. */
      readonly windowCalls: number;
      readonly windowFailures: number;
    }
  | { readonly type: 'fault'; readonly at: number; readonly name: string; readonly message: string }
  | { readonly type: 'stopped' };

/** What the parent asks of an instance. */
export type ParentMessage = { readonly cmd: 'start' } | { readonly cmd: 'stop' };

/** Now, as epoch ms comparable across the demo's processes. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
