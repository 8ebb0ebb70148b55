// A circuit's annotations against a real redis-server: shared by every store that names the
// circuit, compare-and-set, one hash tag with the circuit's keys, the circuit's TTL, reached by
// a breaker's listeners, and rejected (never hanging) when Redis is gone or the store closed.
import { AsyncCircuitBreaker, type BreakerView, TimeWindow } from '@fluxgate/core';
import { RedisStore } from './redis-store';
import { describeWithRedis, useRedisServer } from './testing/redis-fixture';

jest.setTimeout(30_000);

let names = 0;
const fresh = () => `notes-${process.pid}-${++names}`;

describeWithRedis('Redis annotations', () => {
  const redis = useRedisServer();

  it('are one value per key for every store that names the circuit, compare-and-set', async () => {
    const name = fresh();
    const a = new RedisStore({ client: redis.client() }).circuit(name).annotations;
    const b = new RedisStore({ client: redis.client() }).circuit(name).annotations;
    expect(a.shared).toBe(true);
    expect(await b.read('thread')).toBeNull();
    expect(await a.write('thread', '1700.1', null)).toBe(true);
    expect(await b.write('thread', '1700.2', null)).toBe(false);
    expect(await b.read('thread')).toBe('1700.1');
    expect(await b.write('thread', null, '1700.2')).toBe(false);
    expect(await b.write('thread', '1700.3', '1700.1')).toBe(true);
    expect(await a.write('thread', '1700.4')).toBe(true);
    expect(await a.read('thread')).toBe('1700.4');
    expect(await b.write('thread', null, '1700.4')).toBe(true);
    expect(await a.read('thread')).toBeNull();
    // Values are kept as given, not as Lua or RESP would read them.
    expect(await a.write('other', '')).toBe(true);
    expect(await b.read('other')).toBe('');
  });

  it("share the circuit's hash tag and live as long as its keys (keyTtl), renewed by each write", async () => {
    const client = redis.client();
    const circuit = new RedisStore({ client, keyTtl: 60_000 }).circuit(fresh());
    await circuit.annotations.write('thread', 'ts');
    const key = circuit.annotations.key;
    const tag = (k: string) => k.slice(0, k.indexOf('}') + 1);
    expect(tag(key)).toBe(tag(circuit.keys[0]!));
    const ttl = await client.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await client.pexpire(key, 5_000);
    await circuit.annotations.write('other', 'x', null);
    expect(await client.pttl(key)).toBeGreaterThan(5_000);
    // The last field deleted leaves nothing behind.
    await circuit.annotations.write('thread', null);
    await circuit.annotations.write('other', null);
    expect(await client.exists(key)).toBe(0);
  }, 30_000);

  it("are what a breaker with the circuit gives its listeners' attach", async () => {
    const circuit = new RedisStore({ client: redis.client() }).circuit(fresh());
    let view: BreakerView | undefined;
    const breaker = new AsyncCircuitBreaker({
      store: circuit,
      window: new TimeWindow(60_000),
      listeners: [{ notify() {}, attach: (b: BreakerView) => (view = b) }],
    });
    await circuit.annotations.write('thread', 'from-elsewhere');
    expect(view?.annotations?.shared).toBe(true);
    expect(await view?.annotations?.read('thread')).toBe('from-elsewhere');
    await breaker.close();
  });

  it('reject once the store is closed', async () => {
    const store = new RedisStore({ client: redis.client() });
    const notes = store.circuit(fresh()).annotations;
    await store.close();
    await expect(notes.read('thread')).rejects.toThrow('RedisStore is closed');
    await expect(notes.write('thread', 'ts')).rejects.toThrow('RedisStore is closed');
  });
});

describeWithRedis('Redis annotations while Redis is down', () => {
  const redis = useRedisServer();

  it('reject within the command timeout instead of waiting, and work again after a restart', async () => {
    const client = redis.client();
    const notes = new RedisStore({ client, commandTimeout: 200 }).circuit(fresh()).annotations;
    await notes.write('thread', 'ts');
    await redis.server().kill();
    await expect(notes.read('thread')).rejects.toBeDefined();
    await redis.server().restart();
    let value: string | null | undefined;
    for (let i = 0; i < 100 && value === undefined; i++) {
      value = await notes.read('thread').catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return undefined;
      });
    }
    // A restarted server has lost the value (no persistence), but answers again.
    expect(value).toBeNull();
  });
});
