// Your own listener and your own trip rule.
// - WebhookListener is an AsyncListener that POSTs every transition to a webhook. The breaker
//   never makes callers wait for it, delivers its signals in order, and sends a failed post to
//   onListenerError instead of breaking anything.
// - TooManyFailures is a Tripper: open once the window holds `max` failures, whatever the rate.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AsyncCircuitBreaker,
  AsyncListener,
  type CallContext,
  CountWindow,
  type Signal,
  Tripper,
} from '@fluxgate/core';

class WebhookListener extends AsyncListener {
  constructor(
    private readonly circuit: string,
    private readonly url: string,
  ) {
    super();
  }

  async notify(signal: Signal): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        circuit: this.circuit,
        from: signal.oldState,
        to: signal.newState,
        at: new Date(signal.timestamp).toISOString(),
        failures: signal.metrics.failureCount,
        calls: signal.metrics.totalCount,
      }),
      signal: AbortSignal.timeout(2_000),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}

class TooManyFailures extends Tripper {
  constructor(private readonly max: number) {
    super();
  }

  evaluate({ metric }: CallContext): boolean {
    return metric.failureCount >= this.max;
  }
}

// The webhook's receiving end, local for the example.
const received: unknown[] = [];
const hooks = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    received.push(JSON.parse(body));
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks/breakers`;

const breaker = new AsyncCircuitBreaker({
  window: new CountWindow(20),
  tripper: new TooManyFailures(3),
  listeners: [new WebhookListener('inventory', hookUrl)],
  onListenerError: (error) => console.error(`webhook failed: ${String(error)}`),
});

const flaky = async (i: number) => {
  if (i % 3 === 0) throw new Error('inventory timed out');
  return i;
};
for (let i = 1; i <= 12; i++) await breaker.call(flaky, i).catch(() => {});
console.log(`state after 12 calls: ${breaker.info().state}`);

await breaker.reset(); // a manual control signals too
await breaker.flush(); // wait for the webhook posts
for (const payload of received) console.log('webhook got', JSON.stringify(payload));
await new Promise<void>((resolve) => {
  hooks.close(() => resolve());
  hooks.closeAllConnections();
});
