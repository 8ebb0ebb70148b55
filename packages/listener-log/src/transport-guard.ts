import type { Logger } from 'winston';

// A winston transport whose `log()` throws never calls its write callback, so its stream stays
// "writing" for good: its buffer fills, and after about 16 entries the logger stops feeding
// every other transport as well — the app's whole logger is wedged, and nothing more throws, so
// only the first fault is ever reported. Guarding a transport turns such a throw into what
// winston already handles: the write callback receives the error (winston emits it as the
// logger's 'error', which throws out of `log()` when the app does not listen for it).

const GUARDED = Symbol.for('@fluxgate/listener-log:guarded-transport');

type LogFn = (info: unknown, callback: (error?: unknown) => void) => unknown;
type Guardable = { log?: LogFn; [GUARDED]?: true };

function guard(transport: Guardable): void {
  const original = transport.log;
  if (typeof original !== 'function' || transport[GUARDED] === true) return;
  const guarded: LogFn = function guardedLog(this: unknown, info, callback) {
    let called = false;
    const once = (error?: unknown) => {
      if (called) return;
      called = true;
      return error === undefined ? callback() : callback(error);
    };
    try {
      return original.call(this, info, once);
    } catch (error) {
      // After the callback ran the stream is not stuck: let the fault surface as it would.
      if (called) throw error;
      return once(error);
    }
  };
  try {
    transport.log = guarded;
    Object.defineProperty(transport, GUARDED, { value: true });
  } catch {
    // A frozen transport stays as it is.
  }
}

/**
 * Guards every transport `logger` writes to (once each; transports added later are guarded
 * at the next entry). Runs on transitions only, never on the call path.
 */
export function guardTransports(logger: Logger): void {
  let transports: readonly unknown[];
  try {
    transports = logger.transports;
  } catch {
    return;
  }
  if (!Array.isArray(transports)) return;
  for (const transport of transports) {
    if (typeof transport === 'object' && transport !== null) guard(transport as Guardable);
  }
}

/**
 * The transport's own error when winston re-emitted it on a logger nobody listens to (Node then
 * throws `ERR_UNHANDLED_ERROR` holding it as `context`, its message a stack trace); otherwise
 * `error` as it is.
 */
export function transportFault(error: unknown): unknown {
  try {
    const { code, context } = error as { code?: unknown; context?: unknown };
    return code === 'ERR_UNHANDLED_ERROR' && context !== undefined ? context : error;
  } catch {
    return error;
  }
}
