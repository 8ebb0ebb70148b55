// A request's signal is often handed to many calls at once (fan-out), and an abort listener per
// call would trip Node's MaxListenersExceededWarning past ten. So a breaker adds one listener
// per caller signal, shared by every call of the breaker that uses it, and removes it when the
// last of those calls settles.

/** A call that learns about its caller's abort from {@link CallerSignals}. */
export interface AbortWatcher {
  /** The caller's signal aborted with `reason` while the call was in flight. */
  callerAborted(reason: unknown): void;
}

interface Watch {
  readonly calls: Set<AbortWatcher>;
  readonly onAbort: () => void;
}

/**
 * Whether an abort reason is a deadline rather than a change of mind: `AbortSignal.timeout()`
 * aborts with a `DOMException` named `'TimeoutError'` (also through `AbortSignal.any`). Reading
 * `name` may run user code, so a reason that throws is not a deadline.
 */
export function isDeadlineReason(reason: unknown): boolean {
  try {
    return (
      typeof reason === 'object' &&
      reason !== null &&
      (reason as { name?: unknown }).name === 'TimeoutError'
    );
  } catch {
    return false;
  }
}

/** The abort listeners of one breaker: one per caller signal in use. */
export class CallerSignals {
  private readonly watches = new WeakMap<AbortSignal, Watch>();

  /** @param report receives an error thrown while a call handles its caller's abort. */
  constructor(private readonly report: (error: unknown) => void) {}

  /** Tells `call` when `signal` aborts, until {@link unwatch}. */
  watch(signal: AbortSignal, call: AbortWatcher): void {
    let watch = this.watches.get(signal);
    if (watch === undefined) {
      const calls = new Set<AbortWatcher>();
      watch = { calls, onAbort: () => this.aborted(signal, calls) };
      this.watches.set(signal, watch);
      signal.addEventListener('abort', watch.onAbort, { once: true });
    }
    watch.calls.add(call);
  }

  /** `call` settled: the signal's listener goes once no call of this breaker uses it. */
  unwatch(signal: AbortSignal, call: AbortWatcher): void {
    const watch = this.watches.get(signal);
    if (watch === undefined || !watch.calls.delete(call) || watch.calls.size > 0) return;
    this.watches.delete(signal);
    signal.removeEventListener('abort', watch.onAbort);
  }

  private aborted(signal: AbortSignal, calls: Set<AbortWatcher>): void {
    this.watches.delete(signal);
    const reason = signal.reason;
    const watching = [...calls];
    calls.clear();
    for (const call of watching) {
      try {
        call.callerAborted(reason);
      } catch (error) {
        this.report(error);
      }
    }
  }
}
