// Core's breakers with a RedisStore on a real redis-server, in one process: several breakers
// on one circuit act as the instances of a fleet. (The three-process tests are fleet.e2e.)
import {
  AsyncCircuitBreaker,
  CircuitBreaker,
  FailureRate,
  MinRequests,
  type Signal,
  TimeWindow,
} from '@fluxgate/core';
import { RedisStore } from './redis-store';
import { describeWithRedis, useRedisServer } from './testing/redis-fixture';

jest.setTimeout(30_000);

let names = 0;
const fail = async () => {
  throw new Error('upstream down');
};

/** Polls `done` every 5 ms until it holds (generous: a loaded machine is slow, not wrong). */
async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describeWithRedis('breakers with a RedisStore', () => {
  const redis = useRedisServer();
  let store: RedisStore;
  beforeAll(async () => {
    const client = redis.client();
    await client.ping();
    store = new RedisStore({ client, batchMs: 2 });
  });

  const instances = (n: number) => {
    const circuit = `breaker-${process.pid}-${++names}`;
    return Array.from({ length: n }, () => {
      const signals: Signal[] = [];
      const breaker = new AsyncCircuitBreaker({
        store: store.circuit(circuit),
        window: new TimeWindow(60_000),
        tripper: new MinRequests(20).and(new FailureRate(0.5)),
        listeners: [(signal) => signals.push(signal)],
      });
      return { breaker, signals };
    });
  };
  const seen = (signals: Signal[]) => signals.map((s) => `${s.oldState}>${s.newState}:${s.origin}`);

  it('trips on the fleet’s calls: 10 failures each, MinRequests(20); one local signal, and the quiet instance hears', async () => {
    const [a, b] = instances(2);
    // All of a's calls, then all of b's: a never sees 20; b's last call may not either, but the
    // reply to b's batch holds 20 failures, and the tripper decides on it.
    for (let i = 0; i < 10; i++) await a!.breaker.call(fail).catch(() => {});
    await a!.breaker.close(); // a's outcomes are in Redis
    for (let i = 0; i < 10; i++) await b!.breaker.call(fail).catch(() => {});
    await until('b to trip', () => b!.breaker.info().state === 'open');
    // Its signal waits for Redis to say who made the move.
    await until('the signal', () => b!.signals.length > 0);
    expect(seen(b!.signals)).toEqual(['closed>open:local']);
    expect(a!.signals).toEqual([]); // a closed its link: it no longer hears the fleet
  });

  it('an instance that stops calling still hears of the trip (a circuit in use refreshes)', async () => {
    const [a, b] = instances(2);
    await a!.breaker.call(async () => 'ok');
    for (let i = 0; i < 25; i++) await b!.breaker.call(fail).catch(() => {});
    await until('b to trip', () => b!.signals.length > 0);
    await until('a to hear of it', () => a!.signals.length > 0);
    expect(seen(a!.signals)).toEqual(['closed>open:fleet']);
    expect(a!.breaker.info().state).toBe('open');
    const retryAt = (x: { breaker: AsyncCircuitBreaker }) => x.breaker.info().retryAt!;
    expect(Math.abs(retryAt(a!) - retryAt(b!))).toBeLessThan(100); // one fleet deadline
  });

  it('info() shows the fleet’s figures', async () => {
    const [a, b] = instances(2);
    for (let i = 0; i < 6; i++) await a!.breaker.call(async () => 'ok');
    await a!.breaker.close();
    await b!.breaker.call(async () => 'ok');
    await until('b to hear a’s calls', () => b!.breaker.info().metrics.totalCount === 7);
  });

  it('a manual control applies fleet-wide; its promise settles after its local signal', async () => {
    const [a, b] = instances(2);
    await b!.breaker.call(async () => 'ok'); // b's circuit is in use: it listens
    await a!.breaker.forceOpen();
    expect(seen(a!.signals)).toEqual(['closed>forced_open:local']);
    await until('b to adopt', () => b!.signals.length > 0);
    expect(seen(b!.signals)).toEqual(['closed>forced_open:fleet']);
    await expect(b!.breaker.call(async () => 'ok')).rejects.toMatchObject({
      name: 'CallNotPermittedError',
    });
    await b!.breaker.reset();
    await until('a to adopt the reset', () => a!.signals.length > 1);
    expect(seen(a!.signals)[1]).toBe('forced_open>closed:fleet');
  });

  it('the sync breaker takes a store too: its trip reaches an async instance', async () => {
    const circuit = `sync-${process.pid}-${++names}`;
    const signals: Signal[] = [];
    const sync = new CircuitBreaker({
      store: store.circuit(circuit),
      window: new TimeWindow(60_000),
      tripper: new MinRequests(5).and(new FailureRate(0.5)),
    });
    const other = new AsyncCircuitBreaker({
      store: store.circuit(circuit),
      window: new TimeWindow(60_000),
      listeners: [(signal) => signals.push(signal)],
    });
    await other.call(async () => 'ok');
    for (let i = 0; i < 5; i++) {
      expect(() =>
        sync.call(() => {
          throw new Error('down');
        }),
      ).toThrow('down');
    }
    expect(sync.info().state).toBe('open');
    await until('the async instance to adopt', () => signals.length > 0);
    expect(seen(signals)).toEqual(['closed>open:fleet']);
    await Promise.all([sync.close(), other.close()]);
  });
});
