export type { BreakerFetch } from './breaker-fetch';
export { breakerFetch } from './breaker-fetch';
export { FailureStatusError } from './failure-status-error';
export type { BreakerFetchOptions, FetchFunction } from './options';
export { defaultFailureStatus } from './options';
