export type { CallRecord, Metric } from '../metric';
export { MetricSnapshot } from '../metric';
export { CountWindow, MAX_COUNT_WINDOW_SIZE } from './count-window';
export { MAX_TIME_WINDOW_BUCKETS, TimeWindow, type TimeWindowOptions } from './time-window';
export { Window } from './window';
