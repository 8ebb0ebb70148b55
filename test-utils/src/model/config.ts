import {
  AvgLatency,
  Backoff,
  Cooldown,
  CountWindow,
  FailureRate,
  FailureStreak,
  HalfOpened,
  MinRequests,
  Random,
  type Retry,
  SlowRate,
  TimeWindow,
  type Tripper,
  TypeOf,
  type Window,
} from '@fluxgate/core';
import fc from 'fast-check';

/** The latency rule of a model configuration, if any. */
export type LatencyRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'slow'; readonly ratio: number; readonly threshold: number }
  | { readonly kind: 'avg'; readonly ms: number };

/** A `TimeWindow` of a model configuration (null: a `CountWindow` of `size`). */
export interface TimeWindowRule {
  readonly durationMs: number;
  readonly bucketMs: number;
}

/**
 * One breaker configuration the reference model understands: a CountWindow of `size` or a
 * TimeWindow (`time`), a tripper
 * `HalfOpened().and(FailureStreak(probeStreak)).or(FailureStreak(streak).or(MinRequests(minRequests)
 * .and(FailureRate(rate).or(<latency rule>))))`, a Cooldown or a Backoff (capped at 8x), a Random
 * permit, `probesToClose`, `maxHalfOpenWait`, and for the async breaker `maxHalfOpenCalls`.
 *
 * @example
 * ```ts
 * const config: ModelConfig = { ...someConfig, latency: { kind: 'avg', ms: 50 } };
 * const breaker = new CircuitBreaker({ ...breakerComponents(config), clock, random });
 * ```
 */
export interface ModelConfig {
  readonly size: number;
  readonly time: TimeWindowRule | null;
  readonly streak: number;
  readonly minRequests: number;
  readonly rate: number;
  readonly latency: LatencyRule;
  readonly probeStreak: number;
  readonly permitRatio: number;
  readonly backoff: boolean;
  readonly delay: number;
  readonly maxHalfOpenCalls: number;
  readonly probesToClose: number;
  readonly maxHalfOpenWait: number;
}

/**
 * Errors the model's tracker counts as failures.
 *
 * @example
 * ```ts
 * breaker.call(() => { throw new CountedError('down'); }); // a recorded failure
 * ```
 */
export class CountedError extends Error {
  override name = 'CountedError';
}

/**
 * Errors the model's tracker ignores (neither success nor failure).
 *
 * @example
 * ```ts
 * breaker.call(() => { throw new IgnoredError('not found'); }); // re-thrown, not recorded
 * ```
 */
export class IgnoredError extends Error {
  override name = 'IgnoredError';
}

/** The value a call returns when the result tracker should flag it as a failure. */
export const FLAGGED = 'flagged';

const latencyArb: fc.Arbitrary<LatencyRule> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('slow' as const),
      ratio: fc.constantFrom(0.25, 0.5, 1),
      threshold: fc.constantFrom(10, 50, 150),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('avg' as const),
      ms: fc.constantFrom(10, 40, 120),
    }),
  },
);

/**
 * Random model configurations: small windows and thresholds so that every state is reached
 * within a few dozen actions.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(modelConfigArb, (config) => config.size >= 1));
 * ```
 */
const timeArb: fc.Arbitrary<TimeWindowRule | null> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(50, 200, 1_000), fc.constantFrom(1, 2, 4, 10))
      .map(([durationMs, buckets]) => ({ durationMs, bucketMs: durationMs / buckets })),
  },
);

export const modelConfigArb: fc.Arbitrary<ModelConfig> = fc.record({
  size: fc.integer({ min: 1, max: 8 }),
  time: timeArb,
  streak: fc.integer({ min: 1, max: 5 }),
  minRequests: fc.integer({ min: 1, max: 8 }),
  rate: fc.constantFrom(0.25, 0.5, 0.75, 1),
  latency: latencyArb,
  probeStreak: fc.integer({ min: 1, max: 3 }),
  permitRatio: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(0, 0.3, 0.7) },
    { weight: 3, arbitrary: fc.constant(1) },
  ),
  backoff: fc.boolean(),
  delay: fc.constantFrom(1, 10, 100),
  maxHalfOpenCalls: fc.integer({ min: 1, max: 4 }),
  probesToClose: fc.oneof(
    { weight: 2, arbitrary: fc.constant(1) },
    { weight: 2, arbitrary: fc.integer({ min: 2, max: 5 }) },
  ),
  maxHalfOpenWait: fc.constantFrom(Number.POSITIVE_INFINITY, 60_000, 300, 40),
});

/**
 * The retry of a configuration; the model computes the same waits.
 *
 * @example
 * ```ts
 * modelRetry({ ...config, backoff: false, delay: 10 }); // new Cooldown(10)
 * ```
 */
export function modelRetry(config: ModelConfig): Retry {
  return config.backoff
    ? new Backoff({ initial: config.delay, maxDuration: config.delay * 8 })
    : new Cooldown(config.delay);
}

/**
 * The tripper of a configuration, built from the public components.
 *
 * @example
 * ```ts
 * new CircuitBreaker({ tripper: modelTripper(config) });
 * ```
 */
export function modelTripper(config: ModelConfig): Tripper {
  const { latency } = config;
  let closedRate: Tripper = new FailureRate(config.rate);
  if (latency.kind === 'slow') {
    closedRate = closedRate.or(new SlowRate(latency.ratio, { threshold: latency.threshold }));
  } else if (latency.kind === 'avg') {
    closedRate = closedRate.or(new AvgLatency(latency.ms));
  }
  return new HalfOpened()
    .and(new FailureStreak(config.probeStreak))
    .or(new FailureStreak(config.streak).or(new MinRequests(config.minRequests).and(closedRate)));
}

/**
 * The components of a breaker that the reference model describes (clock, random and listeners
 * are the caller's).
 *
 * @example
 * ```ts
 * const breaker = new AsyncCircuitBreaker({
 *   ...breakerComponents(config),
 *   maxHalfOpenCalls: config.maxHalfOpenCalls,
 *   clock,
 *   random: lcg(seed),
 * });
 * ```
 */
export function breakerComponents(config: ModelConfig) {
  const { time } = config;
  const window: Window =
    time === null
      ? new CountWindow(config.size)
      : new TimeWindow(time.durationMs, { bucketMs: time.bucketMs });
  return {
    window,
    probesToClose: config.probesToClose,
    maxHalfOpenWait: config.maxHalfOpenWait,
    tracker: new TypeOf(CountedError),
    tripper: modelTripper(config),
    retry: modelRetry(config),
    permit: new Random(config.permitRatio),
    resultTracker: (result: unknown) => result === FLAGGED,
  };
}
