import { CallTimeoutError } from '../errors';
import type { State } from '../state';
import { type AbortWatcher, type CallerSignals, isDeadlineReason } from './caller-signal';
import type { Deadline, Deadlines, Lane } from './deadlines';
import { type Settlable, settlablePromise } from './deferred';

/** What a timed call reports its outcome to: the breaker that runs it. */
export interface CallSink {
  readonly deadlines: Deadlines;
  readonly signals: CallerSignals;
  /** The function returned `value` in time. */
  value(call: TimedCall, value: unknown): void;
  /** The function failed, or the call timed out (its own deadline or the caller's). */
  error(call: TimedCall, error: unknown, outcome: 'failure' | 'timeout'): void;
  /** The caller gave up: nobody's fault. */
  ignored(call: TimedCall): void;
}

const NO_REASON: unique symbol = Symbol('not aborted');

function unset(): void {}

/**
 * One call under a timeout and/or a caller's signal: the first of its outcome, its deadline and
 * its caller's abort settles it; whatever comes later is dropped. Its `AbortSignal` is created
 * only if the function asks for one (see `RunContext`): creating a signal costs more than the
 * whole call otherwise does.
 */
export class TimedCall implements Deadline, AbortWatcher, Settlable<unknown> {
  at = Number.NaN;
  done = false;
  lane: Lane | undefined = undefined;
  /** Set by {@link settlablePromise} (initialised first, so that sets no new shape). */
  resolve: (value: unknown) => void = unset;
  reject: (reason: unknown) => void = unset;
  private controller: AbortController | undefined = undefined;
  /** Why the call ended early, for a signal first read afterwards. */
  private reason: unknown = NO_REASON;

  constructor(
    private readonly sink: CallSink,
    /** The breaker generation the call started in. */
    readonly generation: number,
    /** The state that admitted the call. */
    readonly state: State,
    /** Start time on the breaker's clock (0 unless durations are measured). */
    readonly start: number,
    /** Flags returned values as failures. */
    readonly resultTracker: ((result: unknown) => boolean) | undefined,
    /** The call's timeout in ms; 0 for none. */
    readonly timeout: number,
    /** The caller's signal, if any. */
    readonly callerSignal: AbortSignal | undefined,
  ) {}

  /** What the caller awaits: made once, right after the call. */
  promise(): Promise<unknown> {
    return settlablePromise(this);
  }

  /** Settles with what the function returned: its promise's outcome, or the value itself. */
  follow(result: unknown): void {
    if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
      Promise.resolve(result).then(
        (value) => this.settleValue(value),
        (error: unknown) => this.settleError(error),
      );
    } else {
      this.settleValue(result);
    }
  }

  /** The function's value arrived. */
  settleValue(value: unknown): void {
    if (!this.finish()) return;
    this.sink.value(this, value);
    const resolve = this.resolve;
    this.release();
    resolve(value);
  }

  /** The function threw or rejected. */
  settleError(error: unknown): void {
    if (!this.finish()) return;
    this.sink.error(this, error, 'failure');
    const reject = this.reject;
    this.release();
    reject(error);
  }

  /** The deadline passed first (the scheduler has already dropped the entry). */
  expire(): void {
    this.unwatch();
    const error = new CallTimeoutError(this.timeout);
    this.abort(error);
    this.sink.error(this, error, 'timeout');
    const reject = this.reject;
    this.release();
    reject(error);
  }

  /** The caller's signal aborted first. A caller's deadline counts as a timeout. */
  callerAborted(reason: unknown): void {
    if (!this.finish()) return;
    this.abort(reason);
    if (isDeadlineReason(reason)) this.sink.error(this, reason, 'timeout');
    else this.sink.ignored(this);
    const reject = this.reject;
    this.release();
    reject(reason);
  }

  /** The call's signal, created on first use; aborted already if the call ended early. */
  signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.reason !== NO_REASON) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Drops the settle functions: a settled record must not keep the caller's value alive. */
  private release(): void {
    this.resolve = unset;
    this.reject = unset;
  }

  private abort(reason: unknown): void {
    this.reason = reason;
    this.controller?.abort(reason);
  }

  /** Marks the call settled; false if something else settled it first. */
  private finish(): boolean {
    if (this.done) return false;
    if (this.timeout > 0) this.sink.deadlines.settle(this);
    else this.done = true;
    this.unwatch();
    return true;
  }

  private unwatch(): void {
    if (this.callerSignal !== undefined) this.sink.signals.unwatch(this.callerSignal, this);
  }
}
