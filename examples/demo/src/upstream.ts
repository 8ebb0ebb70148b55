// The local "payments" upstream: an HTTP server on 127.0.0.1 that follows the script. In a
// "down" segment it closes its listening socket, so calls meet a real "connection refused".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Segment } from './script';

/** The upstream's answer to `GET /quote`. */
export interface Quote {
  readonly amount: number;
  readonly currency: string;
  readonly quotedAt: number;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A scripted upstream; the demo moves it from segment to segment with {@link enter}. */
export class PaymentsUpstream {
  private readonly server: Server;
  private readonly random: () => number;
  private segment: Segment;
  private port = 0;
  private listening = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(first: Segment, random: () => number) {
    this.segment = first;
    this.random = random;
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Starts listening on a free port of 127.0.0.1. */
  static async start(first: Segment, random: () => number): Promise<PaymentsUpstream> {
    const upstream = new PaymentsUpstream(first, random);
    upstream.port = await listen(upstream.server, 0);
    upstream.listening = true;
    return upstream;
  }

  /** The quote endpoint. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/quote`;
  }

  /** Switches behaviour: going down drops every connection, coming back listens again. */
  async enter(segment: Segment): Promise<void> {
    this.segment = segment;
    if (segment.down && this.listening) {
      this.listening = false;
      this.server.close();
      this.server.closeAllConnections();
    } else if (!segment.down && !this.listening) {
      await listen(this.server, this.port);
      this.listening = true;
    }
  }

  /** Stops listening and drops every connection and pending answer. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const { errorRate, latency } = this.segment;
    const failing = this.random() < errorRate;
    const delay = latency[0] + (latency[1] - latency[0]) * this.random();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (res.destroyed) return;
      if (req.url !== '/quote') return this.send(res, 404, { error: 'not_found' });
      if (failing) return this.send(res, 503, { error: 'unavailable' });
      const quote: Quote = { amount: 4_200, currency: 'EUR', quotedAt: Date.now() };
      this.send(res, 200, quote);
    }, delay);
    this.timers.add(timer);
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
