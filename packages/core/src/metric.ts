/**
 * One recorded call, as the breaker hands it to {@link Window.record}. The breaker reuses one
 * record object for every call, so a window must copy what it needs and never keep the object.
 */
export interface CallRecord {
  /** Whether the call succeeded (an error the tracker ignores is never recorded). */
  success: boolean;
  /** Measured duration in ms; 0 when the breaker does not measure durations. */
  duration: number;
  /**
   * The latency thresholds (ms) of every `SlowRate` rule in the breaker's tripper, always the
   * same array for one breaker. The call is slow for a threshold when `duration >= threshold`.
   */
  slowAt: readonly number[];
  /** Monotonic time of the call in ms; only meaningful to windows whose `timed` is true. */
  at: number;
}

/**
 * Aggregates over the calls in a window. Trippers read it to decide; signals and `info()` carry
 * a copy of it.
 */
export interface Metric {
  /** Recorded calls in the window. */
  readonly totalCount: number;
  /** Recorded failures in the window. */
  readonly failureCount: number;
  /** Sum of the measured durations (ms) of the calls in the window, failures included. */
  readonly totalDuration: number;
  /** Slow calls per `SlowRate` threshold (ms). */
  readonly slowCounts: ReadonlyMap<number, number>;
  /** Mean duration in ms; `null` when the window is empty or durations are not measured. */
  readonly avgDuration: number | null;
  /** `failureCount / totalCount`; `null` when the window is empty. */
  readonly failureRate: number | null;
  /** Share of calls at or above `threshold` ms; `null` when empty or the threshold is untracked. */
  slowRate(threshold: number): number | null;
}

/**
 * An immutable copy of a {@link Metric}, as carried by signals and `info()`. Plain own fields,
 * so it serialises with `JSON.stringify` (the slow counts as an object keyed by threshold).
 */
export class MetricSnapshot implements Metric {
  readonly totalCount: number;
  readonly failureCount: number;
  readonly totalDuration: number;
  readonly slowCounts: ReadonlyMap<number, number>;
  readonly avgDuration: number | null;
  readonly failureRate: number | null;

  constructor(
    totalCount: number,
    failureCount: number,
    totalDuration: number,
    slowCounts: ReadonlyMap<number, number>,
    measured: boolean,
  ) {
    this.totalCount = totalCount;
    this.failureCount = failureCount;
    this.totalDuration = measured ? totalDuration : 0;
    this.slowCounts = slowCounts;
    this.avgDuration = measured && totalCount > 0 ? this.totalDuration / totalCount : null;
    this.failureRate = totalCount > 0 ? failureCount / totalCount : null;
  }

  /** Copies a live metric. `measured` false reports durations as unknown (avgDuration null). */
  static of(metric: Metric, measured: boolean): MetricSnapshot {
    return new MetricSnapshot(
      metric.totalCount,
      metric.failureCount,
      metric.totalDuration,
      new Map(metric.slowCounts),
      measured,
    );
  }

  /** An empty window. */
  static empty(measured = false): MetricSnapshot {
    return new MetricSnapshot(0, 0, 0, new Map(), measured);
  }

  slowRate(threshold: number): number | null {
    const slow = this.slowCounts.get(threshold);
    return this.totalCount === 0 || slow === undefined ? null : slow / this.totalCount;
  }

  /** Plain fields for `JSON.stringify`, with `slowCounts` as an object keyed by threshold. */
  toJSON(): Record<string, unknown> {
    return {
      totalCount: this.totalCount,
      failureCount: this.failureCount,
      totalDuration: this.totalDuration,
      avgDuration: this.avgDuration,
      failureRate: this.failureRate,
      slowCounts: Object.fromEntries(this.slowCounts),
    };
  }
}
