import { createServer } from 'node:net';
import {
  findBinary,
  findRedisServer,
  freePort,
  maxOverlap,
  startRedis,
} from '@fluxgate/test-servers';

describe('findBinary', () => {
  it('prefers the environment variable and says why a bad one is refused', () => {
    process.env.FLUXGATE_TEST_BIN = '/nonexistent/binary';
    try {
      expect(findBinary('sh', 'FLUXGATE_TEST_BIN', 'install it')).toEqual({
        binary: undefined,
        reason: 'FLUXGATE_TEST_BIN=/nonexistent/binary is not an executable file',
      });
    } finally {
      delete process.env.FLUXGATE_TEST_BIN;
    }
  });

  it('finds a binary on PATH, and names the install hint when there is none', () => {
    expect(findBinary('sh', 'FLUXGATE_TEST_BIN', 'install it').binary).toMatch(/\/sh$/);
    const missing = findBinary('no-such-binary-fluxgate', 'FLUXGATE_TEST_BIN', 'install it');
    expect(missing).toEqual({
      binary: undefined,
      reason: 'no `no-such-binary-fluxgate` binary on PATH (install it, or set FLUXGATE_TEST_BIN)',
    });
  });
});

it('freePort gives a port another server can listen on', async () => {
  const port = await freePort();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
});

it('maxOverlap counts intervals in progress together; back-to-back ones do not overlap', () => {
  expect(maxOverlap([])).toBe(0);
  expect(
    maxOverlap([
      [0, 10],
      [5, 15],
      [8, 9],
    ]),
  ).toBe(3);
  expect(
    maxOverlap([
      [0, 5],
      [5, 10],
      [10, 15],
    ]),
  ).toBe(1);
});

const redis = findRedisServer();
// Chosen at load time, so jest reports the test as skipped (never as passed).
const withRedis = redis.binary === undefined ? describe.skip : describe;

withRedis(`startRedis${redis.binary === undefined ? ` (SKIPPED: ${redis.reason})` : ''}`, () => {
  it('starts on 127.0.0.1, restarts on the same port, and stops by pid', async () => {
    const server = await startRedis(redis.binary!);
    try {
      const first = server.pid();
      expect(() => process.kill(first, 0)).not.toThrow();
      await server.restart();
      expect(server.pid()).not.toBe(first);
      expect(() => process.kill(first, 0)).toThrow();
      const second = server.pid();
      await server.stop();
      expect(() => process.kill(second, 0)).toThrow();
    } finally {
      await server.stop();
    }
  });
});
