import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A `/metrics` endpoint on 127.0.0.1 serving one prom-client registry, as Prometheus scrapes it. */
export class MetricsServer {
  private constructor(
    private readonly server: Server,
    /** The endpoint's URL. */
    readonly url: string,
  ) {}

  /** Serves `registry` on a free port of 127.0.0.1. */
  static async start(registry: Registry): Promise<MetricsServer> {
    const server = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end('try /metrics\n');
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500).end(`${String(error)}\n`),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new MetricsServer(server, `http://127.0.0.1:${port}/metrics`);
  }

  /** Stops the server and drops its connections. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
