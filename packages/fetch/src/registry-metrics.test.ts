// Per-key metrics with a real prom-client registry: an evicted circuit leaves no series behind.
import { AsyncCircuitBreaker, BreakerRegistry, FailureStreak } from '@fluxgate/core';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { Registry } from 'prom-client';
import { breakerFetch } from './breaker-fetch';
import { answering, closeAll } from './test-support/servers';

afterEach(closeAll);

/** The circuits that have at least one series in `metrics`. */
async function circuitsIn(metrics: Registry): Promise<string[]> {
  const text = await metrics.metrics();
  return [...new Set([...text.matchAll(/circuit_name="([^"]+)"/g)].map((m) => m[1]!))].sort();
}

/** Lets the evicted breakers' close(), which waits for pending signals, run to its end. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: { maxSize?: number; idleTimeout?: number } = {}) {
  const metrics = new Registry();
  let now = 0;
  const registry = new BreakerRegistry({
    ...options,
    clock: { now: () => now },
    create: (key) =>
      new AsyncCircuitBreaker({
        tripper: new FailureStreak(1),
        listeners: [new PrometheusListener({ name: key, registry: metrics })],
      }),
  });
  return { metrics, registry, advance: (ms: number) => (now += ms) };
}

describe('BreakerRegistry with a PrometheusListener per key', () => {
  it('removes the series of a circuit evicted by size, and keeps an open one', async () => {
    const { metrics, registry } = setup({ maxSize: 2 });
    await registry
      .get('open-host')
      .call(() => Promise.reject(new Error('down')))
      .catch(() => {});
    await registry.get('a').call(async () => 'ok');
    expect(await circuitsIn(metrics)).toEqual(['a', 'open-host']);
    await registry.get('b').call(async () => 'ok'); // evicts a: open-host is not closed
    await settled();
    expect(await circuitsIn(metrics)).toEqual(['b', 'open-host']);
    expect(registry.get('open-host').info().state).toBe('open');
  });

  it('removes the series of idle, deleted and cleared circuits', async () => {
    const { metrics, registry, advance } = setup({ idleTimeout: 1_000 });
    registry.get('idle');
    registry.get('deleted');
    advance(600);
    registry.get('kept');
    registry.delete('deleted');
    advance(400); // "idle" was last used 1000 ms ago
    registry.get('kept');
    await settled();
    expect(await circuitsIn(metrics)).toEqual(['kept']);
    await registry.clear();
    expect(await circuitsIn(metrics)).toEqual([]);
    expect(await metrics.metrics()).not.toMatch(/circuit_name=/);
  });

  it('through breakerFetch: series per origin, gone when the registry evicts the origin', async () => {
    const upstreams = await Promise.all([answering(200), answering(503), answering(200)]);
    const metrics = new Registry();
    const registry = new BreakerRegistry({
      maxSize: 2,
      create: (origin) =>
        new AsyncCircuitBreaker({
          listeners: [new PrometheusListener({ name: origin, registry: metrics })],
        }),
    });
    const get = breakerFetch({ registry });
    await (await get(upstreams[0]!.origin)).text();
    await (await get(upstreams[1]!.origin)).text();
    const text = await metrics.metrics();
    expect(text).toContain(
      `circuit_breaker_calls_total{circuit_name="${upstreams[1]!.origin}",outcome="failure"} 1`,
    );
    expect(text).toContain(
      `circuit_breaker_calls_total{circuit_name="${upstreams[0]!.origin}",outcome="success"} 1`,
    );
    await (await get(upstreams[2]!.origin)).text(); // evicts the first origin
    await settled();
    expect(await circuitsIn(metrics)).toEqual([upstreams[1]!.origin, upstreams[2]!.origin].sort());
  });
});
