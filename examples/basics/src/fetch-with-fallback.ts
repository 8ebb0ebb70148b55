// An AsyncCircuitBreaker around fetch. A 503 does not make fetch throw, so `resultTracker`
// counts non-2xx responses as failures; once the circuit is open, the fallback answers from
// the last good price without touching the struggling service.
import {
  AsyncCircuitBreaker,
  CallNotPermittedError,
  Cooldown,
  FailureStreak,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';
import { startPricingService } from './local-service';

const pricing = await startPricingService(); // a local stand-in, on 127.0.0.1
let lastGood: { price: number } = { price: 0 };

const breaker = new AsyncCircuitBreaker({
  tripper: new FailureStreak(3),
  retry: new Cooldown(300),
  permit: new All(),
  timeout: 1_000,
  resultTracker: (res) => res instanceof Response && !res.ok,
});

const getPrice = breaker.wrap((sku: string) => fetch(`${pricing.url}/price/${sku}`), {
  fallback: (error) => {
    if (CallNotPermittedError.isInstance(error))
      return Response.json({ ...lastGood, cached: true });
    throw error;
  },
});

async function show(label: string): Promise<void> {
  const res = await getPrice('42');
  const body = (await res.json()) as { price?: number; cached?: boolean };
  if (res.ok && !body.cached) lastGood = { price: body.price! };
  const source = body.cached ? 'fallback (cached)' : `service ${res.status}`;
  console.log(`${label}: ${source} ${JSON.stringify(body)}  [${breaker.info().state}]`);
}

await show('healthy');
pricing.setFailing(true);
for (let i = 1; i <= 5; i++) await show(`outage ${i}`);
pricing.setFailing(false);
await new Promise((resolve) => setTimeout(resolve, 350)); // past the cooldown: next call probes
await show('recovered');
console.log(`the pricing service answered ${pricing.requests()} of 7 calls`);
await pricing.close();
