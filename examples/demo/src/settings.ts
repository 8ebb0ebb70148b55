import { buildScript, type Segment } from './script';

/** Everything timed in the demo; `--fast` multiplies every duration by {@link FAST_SCALE}. */
export interface DemoSettings {
  readonly fast: boolean;
  readonly seed: number;
  readonly script: readonly Segment[];
  /** A call is started every `callEvery` ms, whether or not earlier ones have returned. */
  readonly callEvery: number;
  /** The breaker's `TimeWindow` length and bucket. */
  readonly window: number;
  readonly bucket: number;
  /** A call is slow when it takes at least this long (the `SlowRate` threshold). */
  readonly slowThreshold: number;
  /** Per-call timeout. */
  readonly timeout: number;
  /** `Backoff` initial wait and cap. */
  readonly backoffInitial: number;
  readonly backoffMax: number;
  /** `RampUp` duration: how long half_open takes to admit every call. */
  readonly rampUp: number;
  /**
   * How long the healthy upstream keeps being called after the script while the circuit has not
   * closed yet (a late recovery on a loaded machine): the longest back-off plus the ramp-up.
   */
  readonly overtime: number;
  /** How often the breaker is sampled for the timeline. */
  readonly sampleEvery: number;
  /** How often a progress line is printed (wall clock, not scaled). */
  readonly progressEvery: number;
}

/** `--fast` runs the same story at this fraction of the time, for CI. */
export const FAST_SCALE = 0.16;

/** The demo's timings, full length or `--fast`. */
export function demoSettings(options: { fast: boolean; seed: number }): DemoSettings {
  const scale = options.fast ? FAST_SCALE : 1;
  const backoffMax = 30_000 * scale;
  const rampUp = 3_000 * scale;
  return {
    fast: options.fast,
    seed: options.seed,
    script: buildScript(scale),
    callEvery: 50 * scale,
    window: 10_000 * scale,
    bucket: 1_000 * scale,
    slowThreshold: 1_000 * scale,
    timeout: 2_500 * scale,
    backoffInitial: 3_000 * scale,
    backoffMax,
    rampUp,
    overtime: backoffMax + rampUp,
    sampleEvery: 100 * scale,
    progressEvery: 1_000,
  };
}
