export { METRIC_NAMES } from './metric-names';
export type { MetricsRegistry, PrometheusListenerOptions } from './options';
export { PrometheusListener } from './prometheus-listener';
