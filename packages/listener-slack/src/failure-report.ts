import { describeError, type Signal } from '@fluxgate/core';
import { SlackPostError } from './slack-post-error';
import { transitionKey } from './templates';

// How a SlackListener reports a failed post: through the user's `onError`, and when that is
// missing, throws or returns a promise that rejects, as one line on stderr. Every value that
// reaches a report is the user's or the client's and may be hostile (a null-prototype object,
// a revoked Proxy, an Error whose `name` getter throws): it is only ever rendered through
// core's describeError, and no fault here may escape.

/** What a failed post is handed to: the `onError` option's signature. */
export type ErrorHandler = (error: unknown, signal: Signal) => unknown;

/** One line about a failed post: a SlackPostError's own message, anything else described. */
export function describeFailure(owner: string, error: unknown, signal: Signal): string {
  if (SlackPostError.isInstance(error)) {
    try {
      const { message } = error;
      if (typeof message === 'string') return message;
    } catch {
      // A forged brand: described like any other value.
    }
  }
  return `${owner} failed to post ${transitionKey(signal)}: ${describeError(error)}`;
}

function print(line: string): void {
  try {
    console.error(`[fluxgate] ${line}`);
  } catch {
    // stderr itself failing leaves nothing to report to.
  }
}

/** The default `onError`: one line on stderr. */
export function printFailure(owner: string): ErrorHandler {
  return (error, signal) => print(describeFailure(owner, error, signal));
}

function handlerFault(owner: string, error: unknown, signal: Signal, fault: unknown): void {
  print(describeFailure(owner, error, signal));
  print(`${owner}: onError failed while reporting it: ${describeError(fault)}`);
}

/** A `then` method of `value`, if it has one (read once, and safely). */
function thenOf(value: unknown): ((onRejected: unknown, rejected: unknown) => unknown) | null {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return null;
  try {
    const then = (value as { then?: unknown }).then;
    return typeof then === 'function' ? then.bind(value) : null;
  } catch {
    return null;
  }
}

/** Hands a failed post to `handler`; a throw or a rejection of its promise is printed. */
export function report(handler: ErrorHandler, owner: string, error: unknown, signal: Signal): void {
  let result: unknown;
  try {
    result = handler(error, signal);
  } catch (fault) {
    handlerFault(owner, error, signal, fault);
    return;
  }
  const then = thenOf(result);
  if (then === null) return;
  try {
    then(undefined, (fault: unknown) => handlerFault(owner, error, signal, fault));
  } catch (fault) {
    handlerFault(owner, error, signal, fault);
  }
}
