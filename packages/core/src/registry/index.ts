export { BreakerRegistry } from './breaker-registry';
export type { BreakerRegistryOptions, EvictionReason, KeyedBreaker } from './options';
