// Every question the state machine asks a user component, asked one way: a throw or an answer of
// the wrong type is a fault, reported to onListenerError, and the safe side is taken instead.

import { handleRejection } from '../listeners/faults';
import { type Metric, MetricSnapshot } from '../metric';
import type { Retry } from '../retries/retry';
import type { Tracker } from '../trackers/tracker';
import { describeValue, refuseVerdict } from '../validate';
import type { Window } from '../windows/window';

type Report = (error: unknown) => void;

/** The wait used when a user's Retry throws or returns NaN (the default cooldown). */
const FALLBACK_DELAY = 60_000;

/**
 * The answer of a user component to a yes/no question (a tripper, permit, tracker or result
 * tracker). Anything but a boolean is a fault, reported, and `fallback` (the safe side) is used
 * instead: an `async evaluate()` returns a promise, which is truthy and would trip every call.
 *
 * @internal
 */
export function verdict(
  owner: string,
  method: string,
  value: unknown,
  fallback: boolean,
  report: Report,
): boolean {
  if (typeof value === 'boolean') return value;
  try {
    refuseVerdict(owner, method, value);
  } catch (fault) {
    report(fault);
  }
  // An async component's promise may also reject: report it rather than leave it unhandled.
  handleRejection(value, report);
  return fallback;
}

/** Whether the tracker counts `error` as a failure; an error it cannot classify counts. @internal */
export function counts(tracker: Tracker, error: unknown, report: Report): boolean {
  try {
    return verdict('Tracker', 'matches()', tracker.matches(error), true, report);
  } catch (fault) {
    report(fault);
    return true;
  }
}

/** Whether a result tracker flags `result` as a failure; a broken one flags it. @internal */
export function flagged(
  resultTracker: (result: unknown) => boolean,
  result: unknown,
  report: Report,
): boolean {
  try {
    return verdict('CircuitBreaker', 'resultTracker()', resultTracker(result), true, report);
  } catch (error) {
    report(error);
    return true;
  }
}

/** The wait (ms, >= 0) an open circuit draws from the retry. @internal */
export function drawDelay(
  retry: Retry,
  reopens: number,
  random: () => number,
  report: Report,
): number {
  let delay: unknown;
  try {
    delay = retry.delay(reopens, random);
  } catch (error) {
    report(error);
    return FALLBACK_DELAY;
  }
  if (typeof delay !== 'number' || Number.isNaN(delay)) {
    report(new TypeError(`Retry.delay must return a number of ms, got ${describeValue(delay)}`));
    handleRejection(delay, report);
    return FALLBACK_DELAY;
  }
  return Math.max(delay, 0);
}

/** The window's aggregates; a custom window that throws reads as empty. @internal */
export function readMetric(window: Window, now: number, report: Report): Metric {
  try {
    return window.metric(now);
  } catch (error) {
    report(error);
    return MetricSnapshot.empty();
  }
}

/** Clears the window at a transition; a custom window that throws is reported. @internal */
export function resetWindow(window: Window, report: Report): void {
  try {
    window.reset();
  } catch (error) {
    report(error);
  }
}
