import { isThenableQuietly } from '../thenable';
import { describeValue } from '../validate';
import type { ListenerErrorHandler } from './listener';
import type { Signal } from './signal';

/** Reports one fault of user code; never throws. @internal */
export type ReportFault = (error: unknown, signal?: Signal) => void;

function safeString(value: unknown): string {
  try {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return typeof value === 'string' ? value : describeValue(value);
  } catch {
    return 'an unprintable error';
  }
}

/** The default `onListenerError`: one line on stderr. @internal */
export function defaultErrorHandler(error: unknown, signal?: Signal): void {
  const where = signal ? `on ${signal.oldState} -> ${signal.newState}` : 'during a call';
  console.error(`[fluxgate] a listener or user component failed ${where}: ${safeString(error)}`);
}

function lastResort(error: unknown, signal?: Signal): void {
  try {
    defaultErrorHandler(error, signal);
  } catch {
    // Nothing left to report to.
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
    if (isThenableQuietly(result)) {
      try {
        result.then(undefined, (fault: unknown) => lastResort(fault, signal));
      } catch (fault) {
        lastResort(fault, signal);
      }
    }
  };
}
