// Loopback HTTP servers for the tests, on 127.0.0.1 and a free port, closed by `closeAll`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running loopback server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>`, which is also its origin. */
  readonly origin: string;
  /** Requests it has received. */
  readonly requests: IncomingMessage[];
  close(): Promise<void>;
}

const running = new Set<Server>();

/** Starts a server answering with `handler`. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  running.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => stop(server),
  };
}

/** A server that answers every request with `status` and `body`. */
export function answering(status: number, body = `status ${status}`): Promise<TestServer> {
  return startServer((_req, res) =>
    res.writeHead(status, { 'content-type': 'text/plain' }).end(body),
  );
}

/** An origin on which nothing listens (a server was there and is closed). */
export async function deadOrigin(): Promise<string> {
  const server = await answering(200);
  await server.close();
  return server.origin;
}

function stop(server: Server): Promise<void> {
  running.delete(server);
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Closes every server still running (call in `afterEach`). */
export async function closeAll(): Promise<void> {
  await Promise.all([...running].map(stop));
}
