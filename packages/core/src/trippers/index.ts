export { AvgLatency } from './avg-latency';
export { Closed } from './closed';
export { FailureRate } from './failure-rate';
export { FailureStreak } from './failure-streak';
export { HalfOpened } from './half-opened';
export { MinRequests } from './min-requests';
export { SlowRate, type SlowRateOptions } from './slow-rate';
export { type CallContext, Tripper } from './tripper';
