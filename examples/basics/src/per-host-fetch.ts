// A service that calls three upstreams through `breakerFetch`: one circuit per origin, each
// with its own PrometheusListener. The reviews upstream fails: only its circuit opens, its calls
// are then rejected at once (with a retry time for `Retry-After`), and pricing and inventory are
// untouched. The registry holds at most three circuits: a fourth upstream evicts the least
// recently used closed one, and eviction closes its listener, so its series leave /metrics.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AsyncCircuitBreaker,
  BreakerRegistry,
  CallNotPermittedError,
  FailureStreak,
} from '@fluxgate/core';
import { breakerFetch } from '@fluxgate/fetch';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { Registry } from 'prom-client';

/** A local stand-in upstream on 127.0.0.1 that answers every request with `status`. */
async function upstream(name: string, status: number) {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? { from: name } : { error: `${name} is down` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { name, origin, close: () => new Promise((done) => server.close(done)) };
}

const upstreams = [
  await upstream('pricing', 200),
  await upstream('inventory', 200),
  await upstream('reviews', 503),
];
const nameOf = new Map(upstreams.map((u) => [u.origin, u.name]));

const metrics = new Registry(); // your /metrics endpoint would serve this
const circuits = new BreakerRegistry({
  maxSize: 3,
  create: (origin) =>
    new AsyncCircuitBreaker({
      tripper: new FailureStreak(3),
      listeners: [
        new PrometheusListener({ name: nameOf.get(origin) ?? origin, registry: metrics }),
      ],
    }),
});
const fetchUpstream = breakerFetch({ registry: circuits, timeout: 2_000 });

for (let round = 1; round <= 4; round++) {
  for (const { name, origin } of upstreams) {
    try {
      const res = await fetchUpstream(`${origin}/api`);
      console.log(`round ${round} ${name}: ${res.status} ${await res.text()}`);
    } catch (error) {
      if (!CallNotPermittedError.isInstance(error)) throw error;
      const wait = Math.ceil(((error.retryAt ?? 0) - Date.now()) / 1000);
      console.log(`round ${round} ${name}: rejected at once, Retry-After: ${wait}`);
    }
  }
}

const states = Object.entries(circuits.info()).map(([o, info]) => `${nameOf.get(o)}=${info.state}`);
console.log(`circuits: ${states.sort().join(' ')}`);

async function seriesFor(): Promise<string> {
  const text = await metrics.metrics();
  return [...new Set([...text.matchAll(/circuit_name="([^"]+)"/g)].map((m) => m[1]))]
    .sort()
    .join(', ');
}
const open = await metrics.metrics();
console.log(
  open
    .split('\n')
    .find((line) => line.startsWith('circuit_breaker_state{circuit_name="reviews",state="open"}')),
);
console.log(`series for: ${await seriesFor()}`);

// A fourth upstream: the registry is full, so the least recently used closed circuit (pricing)
// is evicted; the open reviews circuit is kept.
const search = await upstream('search', 200);
nameOf.set(search.origin, search.name);
await (await fetchUpstream(`${search.origin}/api`)).text();
await new Promise((resolve) => setImmediate(resolve)); // eviction closes the listener asynchronously
console.log(`after a fourth upstream, series for: ${await seriesFor()}`);

await Promise.all([...upstreams, search].map((u) => u.close()));
await circuits.clear();
