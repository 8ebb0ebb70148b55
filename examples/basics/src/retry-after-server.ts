// An HTTP API that protects its database call with a breaker and, while the circuit is open,
// answers 503 with a Retry-After header taken from CallNotPermittedError.retryAt: clients back
// off exactly as long as the breaker will, instead of hammering it.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AsyncCircuitBreaker,
  CallNotPermittedError,
  Cooldown,
  FailureStreak,
} from '@fluxgate/core';

let databaseUp = false;
async function loadOrders(): Promise<string[]> {
  if (!databaseUp) throw new Error('connection to the database timed out');
  return ['order-1', 'order-2'];
}

const database = new AsyncCircuitBreaker({
  tripper: new FailureStreak(2),
  retry: new Cooldown(5_000),
});

/** Seconds until `retryAt` (epoch ms), at least 1; null when there is no deadline to give. */
function retryAfterSeconds(error: CallNotPermittedError): number | null {
  if (error.state === 'half_open') return 1; // probes are running: try again shortly
  if (error.retryAt === null || !Number.isFinite(error.retryAt)) return null; // forced open, or never
  return Math.max(1, Math.ceil((error.retryAt - Date.now()) / 1_000));
}

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const server = createServer(async (_req, res) => {
  try {
    send(res, 200, await database.call(loadOrders));
  } catch (error) {
    if (CallNotPermittedError.isInstance(error)) {
      const seconds = retryAfterSeconds(error);
      send(
        res,
        503,
        { error: 'orders are unavailable' },
        seconds ? { 'retry-after': seconds } : {},
      );
    } else {
      send(res, 500, { error: (error as Error).message });
    }
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;

for (let i = 1; i <= 4; i++) {
  const res = await fetch(url);
  const retryAfter = res.headers.get('retry-after');
  console.log(`GET /orders -> ${res.status}${retryAfter ? ` Retry-After: ${retryAfter}` : ''}`);
  await res.body?.cancel();
}

// An operator who knows the database is back can close the circuit at once.
databaseUp = true;
await database.reset();
const res = await fetch(url);
console.log(`after reset() -> ${res.status} ${await res.text()}`);
await new Promise<void>((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
});
