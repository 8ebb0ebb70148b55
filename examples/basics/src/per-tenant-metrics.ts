// One breaker per tenant, each with its own PrometheusListener (`circuit_name` = the tenant),
// kept in a small LRU cache. When a tenant is evicted, `close()` removes its series from the
// registry, so /metrics does not grow with every tenant ever seen.
import { AsyncCircuitBreaker, FailureStreak } from '@fluxgate/core';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { Registry } from 'prom-client';

class TenantBreakers {
  private readonly entries = new Map<
    string,
    { breaker: AsyncCircuitBreaker; metrics: PrometheusListener }
  >();

  constructor(
    private readonly registry: Registry,
    private readonly max: number,
  ) {}

  get(tenant: string): AsyncCircuitBreaker {
    let entry = this.entries.get(tenant);
    if (entry) {
      this.entries.delete(tenant); // re-insert: most recently used goes last
    } else {
      const metrics = new PrometheusListener({ name: `search:${tenant}`, registry: this.registry });
      const breaker = new AsyncCircuitBreaker({
        tripper: new FailureStreak(5),
        listeners: [metrics],
      });
      entry = { breaker, metrics };
      this.evictBeyond(this.max - 1);
    }
    this.entries.set(tenant, entry);
    return entry.breaker;
  }

  private evictBeyond(size: number): void {
    for (const [tenant, { metrics }] of this.entries) {
      if (this.entries.size <= size) break;
      metrics.close(); // the tenant's series leave the registry
      this.entries.delete(tenant);
    }
  }
}

async function circuitsIn(registry: Registry): Promise<string[]> {
  const text = await registry.metrics();
  return [...new Set([...text.matchAll(/circuit_name="([^"]+)"/g)].map((m) => m[1]!))].sort();
}

const registry = new Registry();
const breakers = new TenantBreakers(registry, 2);
const search = async (tenant: string) => `results for ${tenant}`;

for (const tenant of ['acme', 'globex']) await breakers.get(tenant).call(search, tenant);
console.log('series for', (await circuitsIn(registry)).join(', '));

await breakers.get('initech').call(search, 'initech'); // evicts acme, the least recently used
console.log('series for', (await circuitsIn(registry)).join(', '));
