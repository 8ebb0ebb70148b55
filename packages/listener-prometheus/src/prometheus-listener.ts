import {
  type BreakerView,
  type CallEvent,
  describeValue,
  Listener,
  type Signal,
  STATES,
  type State,
} from '@fluxgate/core';
import { register } from 'prom-client';
import { CallSeries } from './call-series';
import { claim, release } from './circuit-owners';
import { type MetricsRegistry, type PrometheusListenerOptions, parseOptions } from './options';
import {
  type CircuitOwner,
  callMetrics,
  removeCircuit,
  type StateMetrics,
  stateMetrics,
  upperBounds,
} from './shared-metrics';

/**
 * Publishes a circuit breaker's state, transitions and calls as Prometheus metrics with
 * prom-client, for either breaker. Use one listener per circuit: it is attached to the breaker
 * it is given to, and its `name` is the `circuit_name` label of every series.
 *
 * - `circuit_breaker_state{circuit_name, state}`: 1 for the current state, 0 for the other five
 *   (set as soon as the breaker is constructed).
 * - `circuit_breaker_state_transition_total{circuit_name, old_state, new_state}`.
 * - Unless `calls: false`: `circuit_breaker_calls_total{circuit_name, outcome}`,
 *   `circuit_breaker_call_duration_seconds{circuit_name, outcome}` (histogram), and
 *   `circuit_breaker_failure_rate{circuit_name}` / `circuit_breaker_window_calls{circuit_name}`,
 *   read from the breaker when Prometheus scrapes.
 *
 * Listeners of one registry share its metric objects, so creating many never throws
 * "already registered". The call metrics are counted in plain numbers on the call path and
 * handed to prom-client when the registry is collected, so a call costs nanoseconds and every
 * scrape shows exactly what `inc`/`observe` on each call would have shown.
 *
 * A name belongs to the newest listener created for it: when a circuit is replaced, the old
 * listener neither publishes again nor removes the new circuit's series on `close()`.
 *
 * With a shared store, every instance sets its state gauge for the fleet's transitions, but
 * counts a transition only where it was made (`signal.origin === 'local'`), so summing the
 * transition counter over instances gives the fleet's true count.
 *
 * @example
 * ```ts
 * import { AsyncCircuitBreaker } from '@fluxgate/core';
 * import { PrometheusListener } from '@fluxgate/listener-prometheus';
 *
 * const breaker = new AsyncCircuitBreaker({
 *   listeners: [new PrometheusListener({ name: 'payments' })],
 * });
 * // GET /metrics: res.end(await register.metrics()) with `register` from prom-client
 * ```
 */
export class PrometheusListener extends Listener {
  /** The circuit's name: the `circuit_name` label, e.g. `'payments'`. */
  readonly name: string;
  /** The registry the metrics live in, e.g. for `await listener.registry.metrics()`. */
  readonly registry: MetricsRegistry;

  private readonly metrics: StateMetrics;
  private readonly owner: CircuitOwner;
  private readonly stateLabels: ReadonlyMap<State, { circuit_name: string; state: State }>;
  /** Upper bounds of the duration histogram, in seconds. */
  private readonly bounds: readonly number[];

  /**
   * @throws TypeError or RangeError naming the option when the options are invalid.
   *
   * @example
   * ```ts
   * const listener = new PrometheusListener({ name: 'payments', registry, calls: false });
   * ```
   */
  constructor(options: PrometheusListenerOptions) {
    super();
    const parsed = parseOptions(options);
    this.name = parsed.name;
    this.registry = parsed.registry ?? register;
    this.metrics = stateMetrics(this.registry);
    const { shared } = this.metrics;
    this.bounds = parsed.calls
      ? upperBounds(callMetrics(this.registry, shared, parsed.buckets).duration)
      : [];
    const circuit_name = this.name;
    // Made on a circuit's first call of each outcome: an idle circuit costs no buffers.
    const series: Record<string, CallSeries> = {};
    this.owner = {
      view: null,
      calls: parsed.calls,
      seq: shared.nextSeq++,
      series,
      active: false,
      retired: false,
    };
    this.stateLabels = new Map(STATES.map((state) => [state, { circuit_name, state }]));
    // Without call metrics the listener must not look like a call listener at all: the breaker
    // then produces no call events and measures no durations for it.
    if (!parsed.calls) this.onCall = undefined;
  }

  /**
   * Called by the breaker when it is constructed: publishes its current state at once (closed
   * = 1 before any transition) and keeps it for the gauges read at scrape time.
   *
   * @example
   * ```ts
   * new CircuitBreaker({ listeners: [listener] }); // calls listener.attach(breaker)
   * ```
   */
  override attach(breaker: BreakerView): void {
    this.owner.view = breaker;
    if (this.activate()) this.publishState(breaker.info().state);
  }

  /**
   * Sets the state gauge, and counts the transition if this instance made it (`'local'`). The
   * breaker calls it; a test may too.
   *
   * @example
   * ```ts
   * listener.notify({ oldState: 'closed', newState: 'open', timestamp: Date.now(), reopens: 0,
   *   consecutiveFailures: 1, origin: 'local', metrics });
   * ```
   */
  override notify(signal: Signal): void {
    if (!this.owner.active && !this.activate()) return;
    if (signal.origin !== 'fleet') {
      this.metrics.transitions.inc({
        circuit_name: this.name,
        old_state: signal.oldState,
        new_state: signal.newState,
      });
    }
    this.publishState(signal.newState);
  }

  /**
   * Counts the call by outcome and observes its duration in seconds. The breaker calls it after
   * every call; it is `undefined` with `calls: false`.
   *
   * @example
   * ```ts
   * listener.onCall?.({ outcome: 'success', duration: 120, state: 'closed' }); // observes 0.12 s
   * ```
   */
  override onCall?(event: CallEvent): void {
    if (!this.owner.active && !this.reactivate()) return;
    const series = this.owner.series[event.outcome] ?? this.newSeries(event.outcome);
    series.calls++;
    if (!series.listedCalls) {
      series.listedCalls = true;
      this.metrics.shared.callOrder.push(series);
    }
    // An unmeasured call (duration null) is counted but never observed as a made-up zero.
    if (event.duration === null) return;
    series.observe(event.duration / 1000, this.bounds);
    if (!series.listedDurations) {
      series.listedDurations = true;
      this.metrics.shared.durationOrder.push(series);
    }
  }

  /**
   * Removes every series of this circuit from the registry, for circuits that go away (one per
   * tenant, per request, per test). Idempotent. A later transition or call publishes again.
   *
   * @example
   * ```ts
   * const listener = new PrometheusListener({ name: `tenant-${id}` });
   * const breaker = new CircuitBreaker({ listeners: [listener] });
   * // ... when the tenant goes away:
   * listener.close();
   * ```
   */
  close(): void {
    if (!this.owner.active) return;
    // A newer listener with the same name took over these series: they are not ours to remove.
    if (release(this.metrics.shared, this.name, this.owner))
      removeCircuit(this.registry, this.name);
  }

  /** Starts publishing, unless a newer listener has taken the name. */
  private activate(): boolean {
    return claim(this.metrics.shared, this.name, this.owner);
  }

  /** After `close()`, a call brings back the state series too, not only the call counter. */
  private reactivate(): boolean {
    if (!this.activate()) return false;
    if (this.owner.view !== null) this.publishState(this.owner.view.info().state);
    return true;
  }

  /**
   * The series of an outcome's first call (an outcome a newer core might add included: it gets
   * its own series rather than an unlabelled one).
   */
  private newSeries(outcome: string): CallSeries {
    const series = new CallSeries(
      Object.freeze({
        circuit_name: this.name,
        outcome: typeof outcome === 'string' ? outcome : describeValue(outcome),
      }),
      this.bounds.length,
    );
    this.owner.series[outcome] = series;
    return series;
  }

  private publishState(current: State): void {
    for (const [state, labels] of this.stateLabels) {
      this.metrics.state.set(labels, state === current ? 1 : 0);
    }
  }
}
