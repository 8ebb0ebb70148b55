export { Always } from './always';
export { Backoff, type BackoffOptions } from './backoff';
export { Cooldown, type CooldownOptions } from './cooldown';
export { Never } from './never';
export { Retry } from './retry';
