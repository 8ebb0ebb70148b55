export type { RedisStoreOptions } from './options';
export { circuitKeys, RedisCircuit } from './redis-circuit';
export { RedisStore } from './redis-store';
