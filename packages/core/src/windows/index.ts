export type { CallRecord, Metric } from '../metric';
export { MetricSnapshot } from '../metric';
export { CountWindow } from './count-window';
export { TimeWindow, type TimeWindowOptions } from './time-window';
export { Window } from './window';
