// Helpers for core's own tests (not part of the package's entry points).
import type { Signal } from '../listeners/signal';
import type { Metric } from '../metric';

/** A clock moved by hand. */
export class ManualClock {
  t = 0;
  reads = 0;
  now = (): number => {
    this.reads++;
    return this.t;
  };
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A random source that returns the given values in turn (then repeats the last). */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)];
}

/** A listener that keeps every signal. */
export function recorder(): { signals: Signal[]; transitions: string[]; fn: (s: Signal) => void } {
  const signals: Signal[] = [];
  const transitions: string[] = [];
  return {
    signals,
    transitions,
    fn: (signal: Signal) => {
      signals.push(signal);
      transitions.push(`${signal.oldState}->${signal.newState}`);
    },
  };
}

export const boom = (): never => {
  throw new Error('boom');
};

export const ok = (): string => 'ok';

/** A promise with its resolve/reject exposed. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Thresholds for window tests: like the breaker, every record of one window shares the array. */
export const SLOW_AT: readonly number[] = [100, 250, 500];

/** The plain aggregates of a metric, for `toEqual`. */
export function view(metric: Metric) {
  return {
    totalCount: metric.totalCount,
    failureCount: metric.failureCount,
    totalDuration: metric.totalDuration,
    slowCounts: [...metric.slowCounts],
  };
}

/** A deterministic pseudo-random source (a linear congruential generator). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
