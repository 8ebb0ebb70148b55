// A tiny local HTTP service for the examples: answers `GET /price/<sku>` on 127.0.0.1, or 503
// while it is set to fail. Not an example itself.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running local service. */
export interface LocalService {
  readonly url: string;
  setFailing(failing: boolean): void;
  /** Requests it has answered. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** Starts the service on a free port of 127.0.0.1. */
export async function startPricingService(): Promise<LocalService> {
  let failing = false;
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    res.setHeader('content-type', 'application/json');
    if (failing) {
      res.writeHead(503).end(JSON.stringify({ error: 'unavailable' }));
      return;
    }
    const sku = req.url?.split('/').pop();
    res.end(JSON.stringify({ sku, price: 19.99 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFailing: (value) => {
      failing = value;
    },
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
