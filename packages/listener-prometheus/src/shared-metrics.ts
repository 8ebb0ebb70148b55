import { type BreakerView, CALL_OUTCOMES, describeValue, STATES } from '@fluxgate/core';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

import { type CallSeries, flushCalls, flushDurations } from './call-series';
import { METRIC_NAMES } from './metric-names';
import type { MetricsRegistry } from './options';
import { collectFailureRate, collectWindowCalls } from './scrape-gauges';

// Metric objects are shared by every listener of a registry and found again through
// `registry.getSingleMetric`, so a second listener, or a second copy of this module (a reloaded
// module, jest.isolateModules), never registers a metric twice. The marker is a global symbol
// so every copy recognises the metrics that any copy created.
// (@2: the call metrics are counted by the listeners and collected at scrape time.)
const MARKER = Symbol.for('@fluxgate/listener-prometheus:registry-state@2');

/** What one listener publishes: read by the scrape-time gauges, compared by `close()`. */
export interface CircuitOwner {
  /** The breaker, once the listener is attached; read when Prometheus scrapes. */
  view: BreakerView | null;
  /** Whether this circuit publishes call metrics (and so the scrape-time gauges). */
  readonly calls: boolean;
  /** Creation order of the listener in its registry: the newest one of a name owns it. */
  readonly seq: number;
  /** The circuit's call series by outcome; taken over by a newer listener of the same name. */
  series: Record<string, CallSeries>;
  /** Whether it publishes now: false before first use, after `close()` and once replaced. */
  active: boolean;
  /** Set once a newer listener of the same name took over: it never publishes again. */
  retired: boolean;
}

/** State shared by every listener of one registry, whichever copy of this module made it. */
export interface RegistryState {
  /** The listener that publishes each circuit name. */
  readonly owners: Map<string, CircuitOwner>;
  /** The `seq` of the newest listener that published each name, until it is closed. */
  readonly newest: Map<string, number>;
  /** The next listener's `seq`. */
  nextSeq: number;
  /** Call series in the order of their first call: prom-client's order with eager calls. */
  readonly callOrder: CallSeries[];
  /** Call series in the order of their first duration. */
  readonly durationOrder: CallSeries[];
}

/** A registry's shared state before any metric exists. */
function newState(): RegistryState {
  return { owners: new Map(), newest: new Map(), nextSeq: 0, callOrder: [], durationOrder: [] };
}

/** The §5 metrics, present for every listener. */
export interface StateMetrics {
  readonly shared: RegistryState;
  readonly state: Gauge<'circuit_name' | 'state'>;
  readonly transitions: Counter<'circuit_name' | 'old_state' | 'new_state'>;
}

/** The call metrics, present unless `calls: false`. */
export interface CallMetrics {
  readonly calls: Counter<'circuit_name' | 'outcome'>;
  readonly duration: Histogram<'circuit_name' | 'outcome'>;
  readonly failureRate: Gauge<'circuit_name'>;
  readonly windowCalls: Gauge<'circuit_name'>;
}

type Marked = { [MARKER]?: RegistryState };

function mark<M extends object>(metric: M, shared: RegistryState): M {
  Object.defineProperty(metric, MARKER, { value: shared });
  return metric;
}

/** The registry's metric named `name` if a PrometheusListener made it; undefined if none. */
function existing<M>(registry: MetricsRegistry, name: string): M | undefined {
  const metric = registry.getSingleMetric(name) as (M & Marked) | undefined;
  if (metric === undefined) return undefined;
  if (metric[MARKER] === undefined) {
    throw new TypeError(
      `PrometheusListener: the registry already has a metric named '${name}' that ` +
        'PrometheusListener did not create; remove it or give the listener another registry',
    );
  }
  return metric;
}

/** The state gauge and transition counter of `registry`, created on first use. */
export function stateMetrics(registry: MetricsRegistry): StateMetrics {
  let state = existing<Gauge<'circuit_name' | 'state'>>(registry, METRIC_NAMES.state);
  const shared = (state as Marked | undefined)?.[MARKER] ?? newState();
  state ??= mark(
    new Gauge({
      name: METRIC_NAMES.state,
      help: 'Circuit breaker state: 1 for the current state, 0 for the others',
      labelNames: ['circuit_name', 'state'],
      registers: [registry as Registry],
    }),
    shared,
  );
  const transitions =
    existing<Counter<'circuit_name' | 'old_state' | 'new_state'>>(
      registry,
      METRIC_NAMES.transitions,
    ) ??
    mark(
      new Counter({
        name: METRIC_NAMES.transitions,
        help: 'Circuit breaker state transitions',
        labelNames: ['circuit_name', 'old_state', 'new_state'],
        registers: [registry as Registry],
      }),
      shared,
    );
  return { shared, state, transitions };
}

/** The histogram's bucket bounds (prom-client keeps them as `upperBounds`). */
export function upperBounds(histogram: Histogram<string>): readonly number[] {
  return (histogram as unknown as { upperBounds: readonly number[] }).upperBounds;
}

function histogram(
  registry: MetricsRegistry,
  shared: RegistryState,
  buckets: readonly number[] | undefined,
): Histogram<'circuit_name' | 'outcome'> {
  const found = existing<Histogram<'circuit_name' | 'outcome'>>(
    registry,
    METRIC_NAMES.callDuration,
  );
  if (found === undefined) {
    return mark(
      new Histogram({
        name: METRIC_NAMES.callDuration,
        help: 'Duration of the calls a circuit breaker ran, in seconds',
        labelNames: ['circuit_name', 'outcome'],
        ...(buckets === undefined ? {} : { buckets: [...buckets] }),
        registers: [registry as Registry],
        collect(this: Histogram<'circuit_name' | 'outcome'>) {
          flushDurations(this, shared.durationOrder, upperBounds(this));
        },
      }),
      shared,
    );
  }
  const current = upperBounds(found);
  if (buckets !== undefined && buckets.join() !== current.join()) {
    throw new RangeError(
      `PrometheusListener: buckets must match those of the ${METRIC_NAMES.callDuration} ` +
        `histogram already in this registry (${describeValue(current)}), ` +
        `got ${describeValue(buckets)}`,
    );
  }
  return found;
}

/** The call metrics of `registry`, created on first use. */
export function callMetrics(
  registry: MetricsRegistry,
  shared: RegistryState,
  buckets: readonly number[] | undefined,
): CallMetrics {
  const calls =
    existing<Counter<'circuit_name' | 'outcome'>>(registry, METRIC_NAMES.calls) ??
    mark(
      new Counter({
        name: METRIC_NAMES.calls,
        help: 'Calls through a circuit breaker, by outcome',
        labelNames: ['circuit_name', 'outcome'],
        registers: [registry as Registry],
        collect(this: Counter<'circuit_name' | 'outcome'>) {
          flushCalls(this, shared.callOrder);
        },
      }),
      shared,
    );
  const duration = histogram(registry, shared, buckets);
  const failureRate =
    existing<Gauge<'circuit_name'>>(registry, METRIC_NAMES.failureRate) ??
    mark(
      new Gauge({
        name: METRIC_NAMES.failureRate,
        help: "Failure rate (0 to 1) of the circuit breaker's current window",
        labelNames: ['circuit_name'],
        registers: [registry as Registry],
        collect(this: Gauge<'circuit_name'>) {
          collectFailureRate(this, shared);
        },
      }),
      shared,
    );
  const windowCalls =
    existing<Gauge<'circuit_name'>>(registry, METRIC_NAMES.windowCalls) ??
    mark(
      new Gauge({
        name: METRIC_NAMES.windowCalls,
        help: "Calls in the circuit breaker's current window",
        labelNames: ['circuit_name'],
        registers: [registry as Registry],
        collect(this: Gauge<'circuit_name'>) {
          collectWindowCalls(this, shared);
        },
      }),
      shared,
    );
  return { calls, duration, failureRate, windowCalls };
}

type Removable = Marked & { remove(labels: Record<string, string>): void };

/** Removes every label set of circuit `name` from the metrics PrometheusListener made. */
export function removeCircuit(registry: MetricsRegistry, name: string): void {
  const remove = (key: string, labels: Record<string, string>) => {
    const metric = registry.getSingleMetric(key) as Removable | undefined;
    if (metric?.[MARKER] !== undefined) metric.remove(labels);
  };
  const circuit_name = name;
  for (const state of STATES) remove(METRIC_NAMES.state, { circuit_name, state });
  for (const old_state of STATES) {
    for (const new_state of STATES) {
      remove(METRIC_NAMES.transitions, { circuit_name, old_state, new_state });
    }
  }
  for (const outcome of CALL_OUTCOMES) {
    remove(METRIC_NAMES.calls, { circuit_name, outcome });
    remove(METRIC_NAMES.callDuration, { circuit_name, outcome });
  }
  remove(METRIC_NAMES.failureRate, { circuit_name });
  remove(METRIC_NAMES.windowCalls, { circuit_name });
}
