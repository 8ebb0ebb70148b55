import { Redis } from 'ioredis';
import { RedisStore } from './redis-store';

// A client that never connects: option checks need no server.
const client = new Redis({ lazyConnect: true, enableOfflineQueue: false });
afterAll(() => client.disconnect());

describe('RedisStore options', () => {
  it('needs an ioredis client', () => {
    expect(() => new RedisStore(undefined as never)).toThrow(
      new TypeError('RedisStore: options must be an object { client }, got undefined'),
    );
    expect(() => new RedisStore({ client: {} as never })).toThrow(
      new TypeError(
        'RedisStore: client must be an ioredis Redis or Cluster client, got [object Object]',
      ),
    );
  });

  it('refuses unknown options, naming the valid ones', () => {
    expect(() => new RedisStore({ client, batchSize: 3 } as never)).toThrow(
      new TypeError(
        "RedisStore: unknown option 'batchSize'; the options are client, prefix, batchMs, quietBatchMs, leaseMs, commandTimeout, keyTtl",
      ),
    );
  });

  it.each([
    ['batchMs', 0, RangeError, 'batchMs must be a finite number of ms in (0, 60000], got 0'],
    [
      'leaseMs',
      Number.NaN,
      RangeError,
      'leaseMs must be a finite number of ms in (0, 3600000], got NaN',
    ],
    [
      'commandTimeout',
      '250',
      TypeError,
      'commandTimeout must be a finite number of ms in (0, 60000], got "250"',
    ],
    [
      'keyTtl',
      Number.POSITIVE_INFINITY,
      RangeError,
      'keyTtl must be a finite number of ms in (0, 2592000000], got Infinity',
    ],
    ['prefix', '', RangeError, 'prefix must be a non-empty string without { or }, got ""'],
    ['prefix', 'a{b', RangeError, 'prefix must be a non-empty string without { or }, got "a{b"'],
    ['prefix', 3, TypeError, 'prefix must be a non-empty string without { or }, got 3'],
  ])('checks %s (%p)', (key, value, type, message) => {
    expect(() => new RedisStore({ client, [key]: value } as never)).toThrow(
      new type(`RedisStore: ${message}`),
    );
  });

  it('defaults quietBatchMs to 100 (or batchMs when larger) and refuses one below batchMs', () => {
    expect(new RedisStore({ client }).circuit('a').quietBatchMs).toBe(100);
    expect(new RedisStore({ client, batchMs: 180 }).circuit('a').quietBatchMs).toBe(180);
    expect(new RedisStore({ client, quietBatchMs: 10 }).circuit('a').quietBatchMs).toBe(10);
    expect(() => new RedisStore({ client, batchMs: 20, quietBatchMs: 10 })).toThrow(
      new RangeError('RedisStore: quietBatchMs must be at least batchMs (20), got 10'),
    );
    expect(() => new RedisStore({ client, quietBatchMs: '50' } as never)).toThrow(TypeError);
  });

  it('checks circuit names and keeps a circuit in one hash tag', () => {
    const store = new RedisStore({ client, prefix: 'app' });
    expect(() => store.circuit('' as string)).toThrow(RangeError);
    expect(() => store.circuit('a}b')).toThrow(RangeError);
    expect(() => store.circuit(7 as never)).toThrow(
      new TypeError('RedisStore.circuit: name must be a non-empty string without { or }, got 7'),
    );
    expect(store.circuit('payments').keys).toEqual([
      '{app:payments}:state',
      '{app:payments}:window',
      '{app:payments}:leases',
      '{app:payments}:seen',
    ]);
  });

  it('rejects, never throws, when Redis cannot be reached, and refuses requests once closed', async () => {
    const store = new RedisStore({ client });
    const circuit = store.circuit('offline');
    await expect(
      circuit.transition({ expectedGeneration: 0, from: 'closed', to: 'open', delay: 1, ttlMs: 1 }),
    ).rejects.toThrow();
    await store.close();
    await expect(
      circuit.acquire({ instance: 'a', want: 1, maxProbes: 1, leaseMs: 1, ttlMs: 1 }),
    ).rejects.toThrow('RedisStore is closed');
    expect(store.close()).toBe(store.close());
  });
});
