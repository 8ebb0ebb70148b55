import {
  type BreakerView,
  type CallEvent,
  type CircuitBreakerInfo,
  Listener,
  type Signal,
} from '@fluxgate/core';
import {
  type Attributes,
  type BatchObservableCallback,
  type BatchObservableResult,
  type Meter,
  metrics,
  type Observable,
} from '@opentelemetry/api';
import {
  CallSeries,
  type CountedSeries,
  stateAttributes,
  TransitionAttributes,
} from './circuit-series';
import { DurationAccumulator } from './duration-accumulator';
import { type CallInstruments, callInstruments, type MeterState, meterState } from './instruments';
import { type OtelListenerOptions, parseOptions } from './options';
import { VERSION } from './version';

/** The instrumentation scope of the meter every listener uses. */
export const METER_NAME = '@fluxgate/listener-otel';

/**
 * Publishes a circuit breaker's state, transitions and calls as OpenTelemetry metrics, for
 * either breaker. Use one listener per circuit: it is attached to the breaker it is given to,
 * and its `name` is the `circuit_name` attribute of every data point. Exported through
 * `@opentelemetry/exporter-prometheus` the series are those of `@fluxgate/listener-prometheus`
 * (see {@link INSTRUMENT_NAMES}), so its Grafana dashboard works unchanged.
 *
 * On the call path the listener only adds to plain numbers (the outcome's count, the duration's
 * bucket); everything reaches the SDK from one batch observable callback when it collects: the
 * state and window gauges read from the breaker's `info()`, the calls counter's totals, and the
 * durations replayed into the histogram so that it holds exactly what recording each call
 * would have left (see the package README).
 *
 * @example
 * ```ts
 * import { AsyncCircuitBreaker } from '@fluxgate/core';
 * import { OtelListener } from '@fluxgate/listener-otel';
 *
 * // After the OpenTelemetry SDK registered its global MeterProvider:
 * const breaker = new AsyncCircuitBreaker({
 *   listeners: [new OtelListener({ name: 'payments' })],
 * });
 * ```
 */
export class OtelListener extends Listener {
  /** The circuit's name: the `circuit_name` attribute, e.g. `'payments'`. */
  readonly name: string;
  /** The meter the instruments belong to (`@fluxgate/listener-otel`, this package's version). */
  readonly meter: Meter;

  private readonly shared: MeterState;
  private readonly callInstruments: CallInstruments | null;
  private readonly observables: Observable[];
  private readonly callSeries: CallSeries;
  private readonly transitionAttributes: TransitionAttributes;
  private readonly stateAttributes: readonly [string, Attributes][];
  private readonly circuitAttributes: Attributes;
  private readonly buckets: readonly number[];
  private readonly callback: BatchObservableCallback;
  private view: BreakerView | null = null;
  /** Whether a collection has seen this circuit's state (so close() must zero it). */
  private statePublished = false;
  private closed = false;

  /**
   * @throws TypeError or RangeError naming the option when the options are invalid.
   *
   * @example
   * ```ts
   * const listener = new OtelListener({ name: 'payments', meterProvider, calls: false });
   * ```
   */
  constructor(options: OtelListenerOptions) {
    super();
    const parsed = parseOptions(options);
    this.name = parsed.name;
    const provider = parsed.meterProvider ?? metrics.getMeterProvider();
    this.meter = provider.getMeter(METER_NAME, VERSION);
    this.shared = meterState(this.meter);
    this.callInstruments = parsed.calls
      ? callInstruments(this.meter, this.shared, parsed.buckets)
      : null;
    this.observables = [this.shared.instruments.state];
    if (this.callInstruments !== null) {
      const { calls, failureRate, windowCalls } = this.callInstruments;
      this.observables.push(calls, failureRate, windowCalls);
    }
    this.buckets = parsed.buckets;
    this.callSeries = new CallSeries(this.name);
    this.transitionAttributes = new TransitionAttributes(this.name);
    this.stateAttributes = stateAttributes(this.name);
    this.circuitAttributes = Object.freeze({ circuit_name: this.name });
    // Without call metrics the listener must not look like a call listener at all: the breaker
    // then produces no call events and measures no durations for it.
    if (!parsed.calls) this.onCall = undefined;
    this.shared.owners.set(this.name, this);
    this.callback = (result) => this.observe(result);
    this.meter.addBatchObservableCallback(this.callback, this.observables);
  }

  /**
   * Called by the breaker when it is constructed: from then on every collection reads the
   * breaker's state and window.
   *
   * @example
   * ```ts
   * new CircuitBreaker({ listeners: [listener] }); // calls listener.attach(breaker)
   * ```
   */
  override attach(breaker: BreakerView): void {
    if (!this.closed) this.view = breaker;
  }

  /**
   * Counts the transition when this breaker made it (`signal.origin` `'local'`); one adopted
   * from the fleet (`'fleet'`) was counted by the instance that made it. The state gauge follows
   * both, since it reads `info()`.
   *
   * @example
   * ```ts
   * listener.notify({ oldState: 'closed', newState: 'open', origin: 'local', ...rest });
   * ```
   */
  override notify(signal: Signal): void {
    if (this.closed || signal.origin === 'fleet') return;
    const attributes = this.transitionAttributes.of(signal.oldState, signal.newState);
    this.shared.instruments.transitions.add(1, attributes);
  }

  /**
   * Counts the call by outcome and records its duration in seconds. The breaker calls it after
   * every call; it is `undefined` with `calls: false`.
   *
   * @example
   * ```ts
   * listener.onCall?.({ outcome: 'success', duration: 120, state: 'closed' }); // records 0.12 s
   * ```
   */
  override onCall?(event: CallEvent): void {
    if (this.closed) return;
    const series = this.callSeries.of(event.outcome);
    series.count++;
    if (event.duration !== null) (series.durations ?? this.durationsOf(series)).add(event.duration);
  }

  private durationsOf(series: CountedSeries): DurationAccumulator {
    series.durations = new DurationAccumulator(this.buckets, series.attributes);
    return series.durations;
  }

  /** Hands the durations filed since the last collection to the SDK's histogram. */
  private replayDurations(): void {
    if (this.callInstruments === null) return;
    for (const series of this.callSeries.all()) {
      series.durations?.replay(this.callInstruments.duration);
    }
  }

  /**
   * Stops recording and removes this listener's observable callback, for circuits that go away
   * (one per tenant, per host, per test). Idempotent; `breaker.close()` calls it. The state
   * gauge of the circuit reads 0 for all six states from the next collection on (an SDK that
   * keeps exporting the last observed values would otherwise show the last state forever).
   * The OpenTelemetry API cannot delete a series: the transition counter's and the call-duration
   * histogram's series stay until the process restarts, and so does the calls counter's with an
   * SDK that keeps exporting series nobody observes (the JS SDK 2.x does, in cumulative mode).
   *
   * @example
   * ```ts
   * const listener = new OtelListener({ name: `tenant-${id}` });
   * const breaker = new CircuitBreaker({ listeners: [listener] });
   * // ... when the tenant goes away:
   * await breaker.close(); // or listener.close()
   * ```
   */
  close(): void {
    if (this.closed) return;
    this.replayDurations();
    this.closed = true;
    this.view = null;
    this.meter.removeBatchObservableCallback(this.callback, this.observables);
    if (this.shared.owners.get(this.name) !== this) return;
    this.shared.owners.delete(this.name);
    if (this.statePublished) this.zeroOnce();
  }

  private observe(result: BatchObservableResult): void {
    // Before the SDK reads the histogram, which it does after every observable callback ran.
    this.replayDurations();
    // A newer listener with the same name took the circuit over: its values are the ones to show.
    if (this.shared.owners.get(this.name) !== this) return;
    try {
      this.observeCircuit(result);
    } catch {
      // A collection must not fail because one breaker view returns something odd: what this
      // circuit observed so far stands, the rest of it is left out.
    }
  }

  private observeCircuit(result: BatchObservableResult): void {
    const { state } = this.shared.instruments;
    const info = this.readInfo();
    if (info !== undefined) {
      for (const [name, attributes] of this.stateAttributes) {
        result.observe(state, name === info.state ? 1 : 0, attributes);
      }
      this.statePublished = true;
    }
    if (this.callInstruments === null) return;
    const { calls, failureRate, windowCalls } = this.callInstruments;
    for (const series of this.callSeries.counted()) {
      result.observe(calls, series.count, series.attributes);
    }
    if (info === undefined) return;
    // NaN rather than no data point while the window is empty: the OpenTelemetry JS SDK keeps
    // exporting the last value of a series that is no longer observed, which would be stale.
    result.observe(failureRate, info.metrics.failureRate ?? Number.NaN, this.circuitAttributes);
    result.observe(windowCalls, info.metrics.totalCount, this.circuitAttributes);
  }

  private readInfo(): CircuitBreakerInfo | undefined {
    if (this.view === null) return undefined;
    try {
      return this.view.info();
    } catch {
      // A collection must not fail because one breaker view misbehaves: its gauges are left out.
      return undefined;
    }
  }

  /** Observes the closed circuit's state and window gauges as empty at the next collection. */
  private zeroOnce(): void {
    const { meter, shared, stateAttributes, circuitAttributes, name } = this;
    const observables = [
      shared.instruments.state,
      ...(this.callInstruments
        ? [this.callInstruments.failureRate, this.callInstruments.windowCalls]
        : []),
    ];
    const calls = this.callInstruments;
    const once: BatchObservableCallback = (result) => {
      // Removed after the SDK has walked its callback list, which it does not copy.
      queueMicrotask(() => meter.removeBatchObservableCallback(once, observables));
      if (shared.owners.has(name)) return;
      for (const [, attributes] of stateAttributes) {
        result.observe(shared.instruments.state, 0, attributes);
      }
      if (calls === null) return;
      result.observe(calls.failureRate, Number.NaN, circuitAttributes);
      result.observe(calls.windowCalls, 0, circuitAttributes);
    };
    meter.addBatchObservableCallback(once, observables);
  }
}
