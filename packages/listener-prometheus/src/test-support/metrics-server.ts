// A node:http server on 127.0.0.1 that serves a registry at /metrics, as an app would.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  /** host:port, for the scrape config. */
  readonly target: string;
  /** How many times /metrics was served. */
  scrapes(): number;
  close(): Promise<void>;
}

export function startMetricsServer(registry: Registry): Promise<MetricsServer> {
  let scrapes = 0;
  const server: Server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await registry.metrics();
      scrapes++;
      res.writeHead(200, { 'Content-Type': registry.contentType }).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      resolve({
        target: `127.0.0.1:${port}`,
        scrapes: () => scrapes,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
