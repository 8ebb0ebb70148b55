import { describeError } from '../render';
import { isThenableQuietly } from '../thenable';
import type { ListenerErrorHandler } from './listener';
import type { Signal } from './signal';

/** Reports one fault of user code; never throws. @internal */
export type ReportFault = (error: unknown, signal?: Signal) => void;

/** The default `onListenerError`: one line on stderr. @internal */
export function defaultErrorHandler(error: unknown, signal?: Signal): void {
  const where = signal ? `on ${signal.oldState} -> ${signal.newState}` : 'during a call';
  console.error(`[fluxgate] a listener or user component failed ${where}: ${describeError(error)}`);
}

function lastResort(error: unknown, signal?: Signal): void {
  try {
    defaultErrorHandler(error, signal);
  } catch {
    // Nothing left to report to.
  }
}

/**
 * Reports the rejection of `value` if it is a promise (a user callback declared `async` where a
 * synchronous answer was expected), so it never becomes an unhandled rejection.
 *
 * @internal
 */
export function handleRejection(value: unknown, report: (error: unknown) => void): void {
  if (!isThenableQuietly(value)) return;
  try {
    value.then(undefined, report);
  } catch (error) {
    report(error);
  }
}

/**
 * Wraps the user's `onListenerError` so that reporting a fault can itself never fail: a handler
 * that throws, or returns a promise that rejects, is reported on stderr instead (an unhandled
 * rejection would end the process).
 *
 * @internal
 */
export function faultReporter(handler: ListenerErrorHandler): ReportFault {
  if (handler === defaultErrorHandler) return lastResort;
  return (error, signal) => {
    let result: unknown;
    try {
      result = handler(error, signal);
    } catch (fault) {
      lastResort(fault, signal);
      return;
    }
    handleRejection(result, (fault) => lastResort(fault, signal));
  };
}
