// Breakers

export type { AsyncWrapOptions, RunContext, RunOptions } from './breaker/async-circuit-breaker';
export { AsyncCircuitBreaker } from './breaker/async-circuit-breaker';
export type { WrapOptions } from './breaker/circuit-breaker';
export { CircuitBreaker } from './breaker/circuit-breaker';
export type { CircuitBreakerInfo } from './breaker/info';
export type { AsyncCircuitBreakerOptions, CircuitBreakerOptions } from './breaker/options';
export type { BreakerSnapshot } from './breaker/snapshot';
export { SNAPSHOT_FORMAT } from './breaker/snapshot';
export type { Clock } from './clock';
// Time and states
export { monotonicClock } from './clock';
// Errors
export { CallNotPermittedError, CallTimeoutError } from './errors';
export type {
  AsyncListenerFn,
  BreakerView,
  ListenerErrorHandler,
  ListenerFn,
} from './listeners/listener';
// Listeners
export { AsyncListener, Listener } from './listeners/listener';
export { MAX_PENDING_SIGNALS } from './listeners/queue';
export type { CallEvent, CallOutcome, Signal, SignalOrigin } from './listeners/signal';
export { CALL_OUTCOMES } from './listeners/signal';
export type { CallRecord, Metric } from './metric';
// Windows
export { MetricSnapshot } from './metric';
export type { RampUpOptions } from './permits';
// Permits (`All` lives only in '@fluxgate/core/permits')
export { Permit, RampUp, Random } from './permits';
export {
  BreakerRegistry,
  type BreakerRegistryOptions,
  type EvictionReason,
  type KeyedBreaker,
} from './registry';
export { describeError, describeValue, formatEpoch } from './render';
export type { BackoffOptions, CooldownOptions } from './retries';
// Retries
export { Always, Backoff, Cooldown, Never, Retry } from './retries';
export type { State } from './state';
export { isState, STATES } from './state';
// Fleet: the `store` option's contract and the adapter a breaker with a store uses
export {
  type AcquireReply,
  type AcquireRequest,
  type BucketTotals,
  type CircuitAnnotations,
  type CircuitStore,
  type FleetChange,
  type FleetHost,
  FleetLink,
  type FleetLinkOptions,
  type FleetState,
  FleetWindow,
  StoreUnavailableError,
  type SyncReply,
  type SyncRequest,
  type TransitionReply,
  type TransitionRequest,
} from './store';
// Trackers (`All` lives only in '@fluxgate/core/trackers')
export { Custom, Tracker, TypeOf } from './trackers';
export type { CallContext, SlowRateOptions } from './trippers';
// Trippers
export {
  AvgLatency,
  Closed,
  FailureRate,
  FailureStreak,
  HalfOpened,
  MinRequests,
  SlowRate,
  Tripper,
} from './trippers';
export { checkBuckets, checkOptions } from './validate';
export type { TimeWindowOptions } from './windows';
export { CountWindow, MAX_COUNT_WINDOW_SIZE, TimeWindow, Window } from './windows';
