// Shared by the tests that need a real redis-server: chooses describe or describe.skip at load
// time (so a missing binary is reported as skipped, never as passed), starts one server per
// test file and hands out ioredis clients configured as the README recommends.

import { describeWithBinary } from '@fluxgate/test-servers';
import { Redis } from 'ioredis';
import { findRedisServer, type RedisServer, startRedis } from './redis-server';

const found = findRedisServer();
/** Why the Redis tests are skipped ('' when they run). */
export const SKIP_REASON = found.binary === undefined ? found.reason : '';

/** `describe` when redis-server is installed, `describe.skip` (with the reason) otherwise. */
export function describeWithRedis(title: string, body: () => void): void {
  describeWithBinary(found, title, body);
}

/** Starts a server before the file's tests and stops it (by pid) after them. */
export function useRedisServer(): { server: () => RedisServer; client: () => Redis } {
  let server: RedisServer | undefined;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedis(found.binary!);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    await server?.stop();
  });
  return {
    server: () => server!,
    client: () => {
      const client = new Redis({
        host: server!.host,
        port: server!.port,
        commandTimeout: 1_000,
        enableOfflineQueue: true,
        maxRetriesPerRequest: 0,
        lazyConnect: false,
      });
      clients.push(client);
      return client;
    },
  };
}
