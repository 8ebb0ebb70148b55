// The three Lua scripts against a real redis-server: compare-and-set, batches counted once,
// generations, leases capped and expiring, TTLs, one hash tag, and EVAL after NOSCRIPT.
import type { BucketTotals, SyncRequest } from '@fluxgate/core';
import type { RedisCircuit } from './redis-circuit';
import { RedisStore } from './redis-store';
import { describeWithRedis, useRedisServer } from './testing/redis-fixture';

jest.setTimeout(30_000);

let names = 0;
const fresh = (store: RedisStore) => store.circuit(`scripts-${process.pid}-${++names}`);

const BUCKET_MS = 1_000;
const bucketNow = () => Math.floor(Date.now() / BUCKET_MS);
const delta = (calls: number, failures: number, duration = 0, slow: [number, number][] = []) =>
  ({ bucket: bucketNow(), calls, failures, duration, slow }) satisfies BucketTotals;

function syncRequest(over: Partial<SyncRequest> = {}): SyncRequest {
  return {
    instance: 'a',
    seq: 1,
    generation: 0,
    bucketMs: BUCKET_MS,
    buckets: 60,
    ttlMs: 60_000,
    deltas: [],
    releases: [],
    ...over,
  };
}

const sum = (window: readonly BucketTotals[]) =>
  window.reduce((acc, b) => ({ calls: acc.calls + b.calls, failures: acc.failures + b.failures }), {
    calls: 0,
    failures: 0,
  });

describeWithRedis('Redis scripts', () => {
  const redis = useRedisServer();
  let store: RedisStore;
  let circuit: RedisCircuit;
  beforeAll(() => {
    store = new RedisStore({ client: redis.client() });
  });
  beforeEach(() => {
    circuit = fresh(store);
  });

  it('reads a circuit Redis holds nothing for as closed, generation 0, on Redis time', async () => {
    const before = Date.now();
    const { fleet, window } = await circuit.sync(syncRequest());
    expect(fleet).toMatchObject({ state: 'closed', generation: 0, reopens: 0, changedAt: null });
    expect(fleet.retryAt).toBeNull();
    expect(fleet.time).toBeGreaterThanOrEqual(before - 1_000);
    expect(fleet.time).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(window).toEqual([]);
  });

  it('adds every instance batch once, however often it is resent', async () => {
    await circuit.sync(syncRequest({ seq: 1, deltas: [delta(5, 2, 50, [[100, 1]])] }));
    await circuit.sync(syncRequest({ seq: 1, deltas: [delta(5, 2, 50, [[100, 1]])] }));
    const { window } = await circuit.sync(
      syncRequest({ instance: 'b', seq: 1, deltas: [delta(3, 3, 30, [[100, 2]])] }),
    );
    expect(sum(window)).toEqual({ calls: 8, failures: 5 });
    expect(window).toHaveLength(1);
    expect(window[0].duration).toBeCloseTo(80);
    expect(window[0].slow).toEqual([[100, 3]]);
  });

  it('drops deltas of another generation and buckets that aged out', async () => {
    await circuit.sync(syncRequest({ seq: 1, generation: 7, deltas: [delta(4, 4)] }));
    const old = { ...delta(9, 9), bucket: bucketNow() - 120 };
    const { window } = await circuit.sync(syncRequest({ seq: 2, deltas: [old, delta(1, 0)] }));
    expect(sum(window)).toEqual({ calls: 1, failures: 0 });
  });

  it('lets exactly one of many transitions on the same generation win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        circuit.transition({
          expectedGeneration: 0,
          from: 'closed',
          to: 'open',
          delay: 5_000,
          ttlMs: 60_000,
        }),
      ),
    );
    expect(attempts.filter((a) => a.won)).toHaveLength(1);
    for (const { fleet } of attempts) expect(fleet.generation).toBe(1);
    const { fleet } = attempts.find((a) => a.won)!;
    expect(fleet.state).toBe('open');
    expect(fleet.retryAt! - fleet.changedAt!).toBe(5_000);
  });

  it('clears the window on a transition, counts reopens and clears them on closing', async () => {
    await circuit.sync(syncRequest({ deltas: [delta(10, 10)] }));
    const t = (expectedGeneration: number, from: string, to: string, delay = 0) =>
      circuit.transition({
        expectedGeneration,
        from: from as never,
        to: to as never,
        delay,
        ttlMs: 60_000,
      });
    expect((await t(0, 'closed', 'open')).won).toBe(true);
    expect((await t(1, 'open', 'half_open')).won).toBe(true);
    const reopened = await t(2, 'half_open', 'open', Number.POSITIVE_INFINITY);
    expect(reopened.fleet).toMatchObject({
      state: 'open',
      reopens: 1,
      retryAt: Number.POSITIVE_INFINITY,
    });
    expect((await t(3, 'closed', 'half_open')).won).toBe(false); // wrong state
    const reset = await t(-1, 'open', 'closed');
    expect(reset.fleet).toMatchObject({ state: 'closed', reopens: 0, generation: 4 });
    const { window } = await circuit.sync(syncRequest({ seq: 2, generation: 4 }));
    expect(window).toEqual([]);
  });

  it('moves open to half_open once, after retryAt, and caps live leases fleet-wide', async () => {
    await circuit.transition({
      expectedGeneration: 0,
      from: 'closed',
      to: 'open',
      delay: 60_000,
      ttlMs: 60_000,
    });
    const early = await circuit.acquire({
      instance: 'a',
      want: 5,
      maxProbes: 3,
      leaseMs: 60_000,
      ttlMs: 60_000,
    });
    expect(early).toMatchObject({ opened: false, leases: [] });
    expect(early.fleet.state).toBe('open');

    const c2 = fresh(store);
    await c2.transition({
      expectedGeneration: 0,
      from: 'closed',
      to: 'open',
      delay: 0,
      ttlMs: 60_000,
    });
    const asks = await Promise.all(
      ['a', 'b', 'c', 'd'].map((instance) =>
        c2.acquire({ instance, want: 2, maxProbes: 3, leaseMs: 60_000, ttlMs: 60_000 }),
      ),
    );
    expect(asks.filter((a) => a.opened)).toHaveLength(1);
    expect(asks.flatMap((a) => a.leases)).toHaveLength(3);
    for (const a of asks) expect(a.fleet).toMatchObject({ state: 'half_open', generation: 2 });

    const held = asks.flatMap((a) => a.leases);
    await c2.sync(syncRequest({ generation: 2, releases: held.slice(0, 2) }));
    const again = await c2.acquire({
      instance: 'e',
      want: 5,
      maxProbes: 3,
      leaseMs: 60_000,
      ttlMs: 60_000,
    });
    expect(again.leases).toHaveLength(2);
  });

  it('lets a lease expire so a crashed prober cannot wedge half_open', async () => {
    await circuit.transition({
      expectedGeneration: 0,
      from: 'closed',
      to: 'open',
      delay: 0,
      ttlMs: 60_000,
    });
    const first = await circuit.acquire({
      instance: 'a',
      want: 1,
      maxProbes: 1,
      leaseMs: 1,
      ttlMs: 60_000,
    });
    expect(first.leases).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await circuit.acquire({
      instance: 'b',
      want: 1,
      maxProbes: 1,
      leaseMs: 60_000,
      ttlMs: 60_000,
    });
    expect(second.leases).toHaveLength(1);
  });

  it('gives every key a TTL (an open circuit keeps its keys past retryAt) and one hash tag', async () => {
    await circuit.sync(syncRequest({ deltas: [delta(1, 1)] }));
    await circuit.transition({
      expectedGeneration: 0,
      from: 'closed',
      to: 'open',
      delay: 0,
      ttlMs: 1_000,
    });
    await circuit.acquire({ instance: 'a', want: 1, maxProbes: 1, leaseMs: 60_000, ttlMs: 1_000 });
    await circuit.sync(syncRequest({ seq: 2, generation: 2, deltas: [delta(1, 0)] }));
    const client = redis.client();
    for (const key of circuit.keys) {
      expect(await client.exists(key)).toBe(1);
      const ttl = await client.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(86_400_000);
    }
    const tags = new Set(circuit.keys.map((key) => key.slice(0, key.indexOf('}') + 1)));
    expect(tags.size).toBe(1);

    const never = fresh(store);
    await never.transition({
      expectedGeneration: 0,
      from: 'closed',
      to: 'open',
      delay: Number.POSITIVE_INFINITY,
      ttlMs: 1_000,
    });
    expect(await client.pttl(never.keys[0])).toBeGreaterThan(86_400_000);
  });

  it('falls back to EVAL when Redis has forgotten the scripts (NOSCRIPT)', async () => {
    await circuit.sync(syncRequest({ deltas: [delta(2, 1)] }));
    await redis.client().script('FLUSH');
    const { window } = await circuit.sync(syncRequest({ seq: 2, deltas: [delta(2, 1)] }));
    expect(sum(window)).toEqual({ calls: 4, failures: 2 });
  });
});
