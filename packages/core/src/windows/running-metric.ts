import type { Metric } from '../metric';

const NO_THRESHOLDS: readonly number[] = [];
/** Shared by every window that tracks no SlowRate threshold (most of them). */
const NO_COUNTS = new Float64Array(0);

/**
 * Running totals over the calls a window holds, kept up to date as calls enter and leave, so
 * reading them is O(1). Both built-in windows expose one of these as their live metric.
 */
export class RunningMetric implements Metric {
  totalCount = 0;
  failureCount = 0;
  totalDuration = 0;
  /** The thresholds slow calls are counted for (the breaker's SlowRate thresholds). */
  thresholds: readonly number[] = NO_THRESHOLDS;
  /** Slow calls per threshold, in the order of {@link thresholds}. */
  slow: Float64Array = NO_COUNTS;

  get avgDuration(): number | null {
    return this.totalCount === 0 ? null : Math.max(0, this.totalDuration) / this.totalCount;
  }

  get failureRate(): number | null {
    return this.totalCount === 0 ? null : this.failureCount / this.totalCount;
  }

  get slowCounts(): ReadonlyMap<number, number> {
    const counts = new Map<number, number>();
    for (let i = 0; i < this.thresholds.length; i++) counts.set(this.thresholds[i], this.slow[i]);
    return counts;
  }

  slowRate(threshold: number): number | null {
    const i = this.thresholds.indexOf(threshold);
    return this.totalCount === 0 || i < 0 ? null : this.slow[i] / this.totalCount;
  }

  /**
   * Whether `slowAt` holds the thresholds already counted. The breaker always passes the same
   * array, so callers check identity first; a caller feeding the window directly may pass an
   * equal copy, which is adopted so the next call answers by identity again.
   */
  tracks(slowAt: readonly number[]): boolean {
    const thresholds = this.thresholds;
    if (slowAt.length !== thresholds.length) return false;
    for (let i = 0; i < slowAt.length; i++) if (slowAt[i] !== thresholds[i]) return false;
    this.thresholds = slowAt;
    return true;
  }

  /** Starts counting slow calls for a new set of thresholds (and forgets the old counts). */
  track(thresholds: readonly number[]): void {
    this.thresholds = thresholds;
    this.slow = thresholds.length === 0 ? NO_COUNTS : new Float64Array(thresholds.length);
  }

  clear(): void {
    this.totalCount = 0;
    this.failureCount = 0;
    this.totalDuration = 0;
    this.slow.fill(0);
  }
}
