import {
  type BreakerView,
  type CallEvent,
  type CallOutcome,
  Listener,
  type Signal,
  STATES,
  type State,
} from '@fluxgate/core';
import { register } from 'prom-client';
import { type MetricsRegistry, type PrometheusListenerOptions, parseOptions } from './options';
import { OUTCOMES } from './outcomes';
import {
  type CallMetrics,
  type CircuitOwner,
  callMetrics,
  removeCircuit,
  type StateMetrics,
  stateMetrics,
} from './shared-metrics';

type CallLabels = { readonly circuit_name: string; readonly outcome: CallOutcome };

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
 * "already registered".
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
  private readonly callMetrics: CallMetrics | null;
  private readonly owner: CircuitOwner;
  private readonly stateLabels: ReadonlyMap<State, { circuit_name: string; state: State }>;
  private readonly callLabels: Readonly<Record<CallOutcome, CallLabels>>;
  /** Whether this listener currently publishes series (false before first use and after close). */
  private active = false;

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
    this.callMetrics = parsed.calls
      ? callMetrics(this.registry, this.metrics.shared, parsed.buckets)
      : null;
    this.owner = { view: null, calls: parsed.calls };
    const circuit_name = this.name;
    this.stateLabels = new Map(STATES.map((state) => [state, { circuit_name, state }]));
    this.callLabels = Object.fromEntries(
      OUTCOMES.map((outcome) => [outcome, Object.freeze({ circuit_name, outcome })]),
    ) as Record<CallOutcome, CallLabels>;
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
    this.activate();
    this.publishState(breaker.info().state);
  }

  /**
   * Counts the transition and sets the state gauge. The breaker calls it; a test may too.
   *
   * @example
   * ```ts
   * listener.notify({ oldState: 'closed', newState: 'open', timestamp: Date.now(), reopens: 0, metrics });
   * ```
   */
  override notify(signal: Signal): void {
    this.activate();
    this.metrics.transitions.inc({
      circuit_name: this.name,
      old_state: signal.oldState,
      new_state: signal.newState,
    });
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
    if (!this.active) this.reactivate();
    const { calls, duration } = this.callMetrics!;
    // An outcome a newer core might add still gets its own series rather than an unlabelled one.
    const labels = this.callLabels[event.outcome] ?? {
      circuit_name: this.name,
      outcome: String(event.outcome),
    };
    calls.inc(labels);
    if (event.duration !== null) duration.observe(labels, event.duration / 1000);
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
    if (!this.active) return;
    this.active = false;
    const { owners } = this.metrics.shared;
    // Another listener with the same name took over these series: they are not ours to remove.
    if (owners.get(this.name) !== this.owner) return;
    owners.delete(this.name);
    removeCircuit(this.registry, this.name);
  }

  private activate(): void {
    this.active = true;
    this.metrics.shared.owners.set(this.name, this.owner);
  }

  /** After `close()`, a call brings back the state series too, not only the call counter. */
  private reactivate(): void {
    this.activate();
    if (this.owner.view !== null) this.publishState(this.owner.view.info().state);
  }

  private publishState(current: State): void {
    for (const [state, labels] of this.stateLabels) {
      this.metrics.state.set(labels, state === current ? 1 : 0);
    }
  }
}
