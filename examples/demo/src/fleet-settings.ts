// The fleet demo's story and timings: three instances, one upstream, one redis-server.
import { type Segment, type SegmentSpec, scaleScript } from './script';

/** How many instances share the circuit. */
export const INSTANCES = 3;

/** The fleet breaker's rules (see fleet-instance.ts). */
export const FLEET_RULE = {
  /** Calls the fleet's window must hold before the failure rate counts. */
  minRequests: 30,
  failureRate: 0.5,
  /** Fleet-wide cap on probes in flight (`maxHalfOpenCalls`). */
  maxProbes: 2,
  /** Recorded fleet probes a half_open episode needs before it closes. */
  probesToClose: 6,
} as const;

/** Everything timed in the fleet demo; `--fast` multiplies the scripted durations by {@link FLEET_FAST_SCALE}. */
export interface FleetSettings {
  readonly fast: boolean;
  readonly seed: number;
  readonly script: readonly Segment[];
  /** Each instance starts a call every `callEvery` ms. */
  readonly callEvery: number;
  /** The breaker's `TimeWindow` and bucket. */
  readonly window: number;
  readonly bucket: number;
  /** `Cooldown` before open lets the fleet probe. */
  readonly cooldown: number;
  /** Per-call timeout (also how long a probe lease lives, plus a margin). */
  readonly timeout: number;
  /** When redis-server is killed, and when a new one starts on the same port (ms since the start). */
  readonly redisKill: number;
  readonly redisRestart: number;
  /** How often a progress line is printed (wall clock, not scaled). */
  readonly progressEvery: number;
}

/** `--fast` runs the story at this fraction of the time. */
export const FLEET_FAST_SCALE = 0.4;

/**
 * The store's own breaker waits a second (not scaled) before it tries a restarted Redis again;
 * the outage starts at least this long after the restart, so the fleet has re-synced by then.
 */
const RESYNC_MARGIN = 1_500;

const SPECS: readonly SegmentSpec[] = [
  {
    phase: 'healthy',
    label: 'healthy',
    duration: 8_000,
    errorRate: 0,
    latency: [15, 60],
    down: false,
  },
  {
    phase: 'outage',
    label: 'outage: 503s',
    duration: 4_000,
    errorRate: 1,
    latency: [2, 10],
    down: false,
  },
  // Slow answers make probes overlap, so the fleet-wide cap has something to hold back.
  {
    phase: 'recovery',
    label: 'warming up',
    duration: 3_000,
    errorRate: 0,
    latency: [200, 300],
    down: false,
  },
  {
    phase: 'recovery',
    label: 'recovered',
    duration: 4_000,
    errorRate: 0,
    latency: [15, 60],
    down: false,
  },
];

/** The fleet demo's timings, full length (19 s) or `--fast`. */
export function fleetSettings(options: { fast: boolean; seed: number }): FleetSettings {
  const scale = options.fast ? FLEET_FAST_SCALE : 1;
  const script = scaleScript(SPECS, scale);
  const redisKill = 2_000 * scale;
  const redisRestart = Math.min(4_500 * scale, script[1]!.start - RESYNC_MARGIN);
  return {
    fast: options.fast,
    seed: options.seed,
    script,
    callEvery: 100 * scale,
    window: 2_000 * scale,
    bucket: 100 * scale,
    cooldown: 1_500 * scale,
    timeout: 1_000 * scale,
    redisKill,
    redisRestart,
    progressEvery: 1_000,
  };
}
