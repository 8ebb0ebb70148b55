// The real-redis-server launcher of the store-redis tests lives in the workspace's one copy of
// the test-server code, which the demo and the bench use too.
export { findRedisServer, type RedisServer, startRedis } from '@fluxgate/test-servers';
