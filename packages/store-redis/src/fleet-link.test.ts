// FleetLink (core's adapter) over a real RedisStore on a real redis-server: several links on
// one circuit act as the instances of a fleet.
import { StoreUnavailableError } from '@fluxgate/core';
import { RedisStore } from './redis-store';
import { LinkHost } from './testing/link-host';
import { describeWithRedis, useRedisServer } from './testing/redis-fixture';

jest.setTimeout(30_000);

let names = 0;

describeWithRedis('FleetLink over RedisStore', () => {
  const redis = useRedisServer();
  let store: RedisStore;
  beforeAll(() => {
    store = new RedisStore({ client: redis.client(), batchMs: 1 });
  });
  const fleet = async (n: number, maxProbes = 3) => {
    const name = `link-${process.pid}-${++names}`;
    const hosts = Array.from({ length: n }, () => new LinkHost(store.circuit(name), maxProbes));
    await Promise.all(hosts.map((h) => h.settle()));
    return hosts;
  };

  it('shows every instance the fleet totals, each outcome counted once', async () => {
    const [a, b, c] = await fleet(3);
    a.record(10, 4);
    b.record(10, 3);
    c.record(10, 3);
    await Promise.all([a, b, c].map((h) => h.settle()));
    // A refresh lets each see what the others sent after its own batch.
    for (const h of [a, b, c]) h.record(0, 0);
    await a.settle();
    a.record(1, 1);
    await a.settle();
    const m = a.link.window.metric(a.now());
    expect({ total: m.totalCount, failed: m.failureCount }).toEqual({ total: 31, failed: 11 });
  });

  it('gives one instance the local signal when several trip at once; the others adopt', async () => {
    const hosts = await fleet(3);
    for (const h of hosts) h.move('open', 60_000);
    await Promise.all(hosts.map((h) => h.settle()));
    const signals = hosts.flatMap((h) => h.signals);
    expect(signals.filter((s) => s.origin === 'local')).toHaveLength(1);
    expect(signals.filter((s) => s.origin === 'fleet')).toHaveLength(2);
    for (const s of signals) expect([s.oldState, s.newState]).toEqual(['closed', 'open']);
  });

  it('tells a quiet instance of a fleet trip on its next batch', async () => {
    const [a, b] = await fleet(2);
    a.move('open', 60_000);
    await a.settle();
    b.record(1, 0);
    await b.settle();
    expect(b.current).toBe('open');
    expect(b.signals).toEqual([{ oldState: 'closed', newState: 'open', origin: 'fleet' }]);
    expect(b.retry).toBeGreaterThan(b.now() + 55_000);
  });

  it('moves open to half_open once fleet-wide and caps probe leases', async () => {
    const hosts = await fleet(3, 2);
    hosts[0].move('open', 0);
    await hosts[0].settle();
    for (const h of hosts) h.record(0, 0);
    await Promise.all(hosts.map((h) => h.settle()));
    for (const h of hosts) expect(h.link.openExpired()).toBe(false);
    await Promise.all(hosts.map((h) => h.settle()));
    const halfOpen = hosts.flatMap((h) => h.signals).filter((s) => s.newState === 'half_open');
    expect(halfOpen.filter((s) => s.origin === 'local')).toHaveLength(1);
    expect(hosts.every((h) => h.current === 'half_open')).toBe(true);
    // Every instance keeps asking for probes; only two leases exist fleet-wide.
    let probing = 0;
    for (let round = 0; round < 4; round++) {
      for (const h of hosts) if (h.link.takeLease(h.now())) probing++;
      await Promise.all(hosts.map((h) => h.settle()));
    }
    expect(probing).toBe(2);
    // A settled probe frees its lease for the fleet.
    for (const h of hosts) h.link.releaseLease();
    await Promise.all(hosts.map((h) => h.settle()));
    const prober = hosts[2];
    expect(prober.link.takeLease(prober.now())).toBe(false); // asks
    await prober.settle();
    expect(prober.link.takeLease(prober.now())).toBe(true);
  });

  it('runs on local state while Redis is slow, reports it once, and re-syncs without double counting', async () => {
    const [a] = await fleet(1);
    a.record(5, 5);
    await a.settle();
    const slow = redis.client();
    await slow.ping();
    const sleeping = slow.call('DEBUG', 'SLEEP', '0.6');
    a.record(3, 0); // sent while Redis sleeps: the store gives up after 250 ms
    await a.settle();
    expect(a.faults).toHaveLength(1);
    expect(a.faults[0]).toBeInstanceOf(StoreUnavailableError);
    expect(a.link.degraded).toBe(true);
    expect(a.link.window.metric(a.now()).totalCount).toBe(8); // still counted locally
    await sleeping;
    // Redis ran the timed-out batch after all; the resend under the same number is skipped.
    a.record(1, 0);
    for (let i = 0; i < 5 && a.link.degraded; i++) await a.settle();
    expect(a.link.degraded).toBe(false);
    expect(a.link.window.metric(a.now()).totalCount).toBe(9);
    expect(a.faults).toHaveLength(1);
  });

  it('sends what is pending on store.close(), and leaves the client open', async () => {
    const client = redis.client();
    const lazy = new RedisStore({ client, batchMs: 60_000 });
    const name = `close-${process.pid}`;
    const host = new LinkHost(lazy.circuit(name));
    await host.settle();
    host.record(4, 1);
    await lazy.close();
    const fields = await client.hgetall(`{fluxgate:${name}}:window`);
    const calls = Object.entries(fields).filter(([field]) => field.endsWith(':c'));
    expect(calls.reduce((n, [, value]) => n + Number(value), 0)).toBe(4);
    expect(await client.ping()).toBe('PONG');
  });

  it('does not let the reply of a batch sent before a transition fill the new episode', async () => {
    const [a] = await fleet(1);
    a.record(5, 5);
    const sending = a.link.flush(); // the batch is now in flight
    a.move('open', 60_000);
    await sending;
    await a.settle();
    expect(a.link.window.metric(a.now()).totalCount).toBe(0);
    expect(a.signals).toEqual([{ oldState: 'closed', newState: 'open', origin: 'local' }]);
  });

  it('offers a transition made during an outage to the fleet when Redis is back', async () => {
    const [a, b] = await fleet(2);
    const slow = redis.client();
    await slow.ping();
    const sleeping = slow.call('DEBUG', 'SLEEP', '0.5');
    a.move('open', 60_000); // Redis does not answer in time: a trips on its own
    await a.settle();
    expect(a.signals).toEqual([{ oldState: 'closed', newState: 'open', origin: 'local' }]);
    expect(a.link.degraded).toBe(true);
    await sleeping;
    for (let i = 0; i < 5 && a.link.degraded; i++) await a.settle();
    await a.settle();
    b.record(1, 0);
    await b.settle();
    expect(b.current).toBe('open');
    expect(b.signals).toEqual([{ oldState: 'closed', newState: 'open', origin: 'fleet' }]);
    expect(a.signals).toHaveLength(1);
  });
});
