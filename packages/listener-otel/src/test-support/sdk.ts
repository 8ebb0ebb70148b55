// The real OpenTelemetry metrics SDK with an in-memory exporter, collected on demand.
import { STATES } from '@fluxgate/core';
import {
  AggregationTemporality,
  type DataPoint,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';

export interface CollectingProvider {
  readonly provider: MeterProvider;
  /** Collects once and returns every metric of the collection. */
  collect(): Promise<MetricData[]>;
  /** Collects once and returns the instrumentation scopes that had metrics. */
  scopes(): Promise<{ name: string; version?: string | undefined }[]>;
  shutdown(): Promise<void>;
}

/** A MeterProvider whose reader exports only when `collect()` asks (its interval is an hour). */
export function collectingProvider(
  temporality = AggregationTemporality.CUMULATIVE,
  views: ViewOptions[] = [],
): CollectingProvider {
  const exporter = new InMemoryMetricExporter(temporality);
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 3_600_000,
  });
  const provider = new MeterProvider({ readers: [reader], views });
  const scopeMetrics = async () => {
    exporter.reset();
    await reader.forceFlush();
    return exporter.getMetrics().flatMap((resource) => resource.scopeMetrics);
  };
  return {
    provider,
    collect: async () => (await scopeMetrics()).flatMap((scope) => scope.metrics),
    scopes: async () => (await scopeMetrics()).map(({ scope }) => scope),
    shutdown: () => provider.shutdown(),
  };
}

/** The data points of metric `name` as `[attributes, value]`, value as the SDK holds it. */
export function points(metrics: MetricData[], name: string): [Record<string, unknown>, unknown][] {
  const metric = metrics.find((m) => m.descriptor.name === name);
  if (metric === undefined) return [];
  return (metric.dataPoints as DataPoint<unknown>[]).map((p) => [p.attributes, p.value]);
}

/** The data points of metric `name` keyed by one attribute's value. */
export function byAttribute(metrics: MetricData[], name: string, key: string) {
  return Object.fromEntries(points(metrics, name).map(([a, v]) => [String(a[key]), v]));
}

/** The state gauge of one circuit as `{ state: value }`. */
export function statesOf(metrics: MetricData[], circuit: string) {
  return Object.fromEntries(
    points(metrics, 'circuit_breaker.state')
      .filter(([attributes]) => attributes.circuit_name === circuit)
      .map(([attributes, value]) => [attributes.state, value]),
  );
}

/** The state gauge's values when `current` is the state. */
export function only(current: string) {
  return Object.fromEntries(STATES.map((state) => [state, state === current ? 1 : 0]));
}
