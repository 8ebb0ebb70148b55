// The real-redis-server harness and the probe-overlap count of @fluxgate/store-redis's tests,
// reused by the fleet demo (one launcher in the repository). They are test helpers, not part of
// the published package, so they are reached by path within the workspace; tsx and jest load
// the TypeScript directly.

export { maxOverlap } from '../../../packages/store-redis/src/testing/fleet-process';
export {
  findRedisServer,
  type RedisServer,
  startRedis,
} from '../../../packages/store-redis/src/testing/redis-server';
