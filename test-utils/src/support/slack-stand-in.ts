import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the stand-in answers a request: like Slack (`'ok'`), never (`'hang'`), with an HTTP status,
 * with a 429 and a `Retry-After`, with a body that is not JSON, or with a Slack error code.
 */
export type StandInReply =
  | 'ok'
  | 'hang'
  | 'garbage'
  | { readonly status: number }
  | { readonly retryAfter: number }
  | { readonly error: string };

/** One request the stand-in received. */
export interface StandInRequest {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/**
 * A stand-in for Slack's Web API on a free loopback port: point a `WebClient` at {@link url}.
 * Every request gets `reply` (change it at any time) and is recorded.
 *
 * @example
 * ```ts
 * const slack = await SlackStandIn.start({ status: 500 });
 * const client = createSlackClient(token, { slackApiUrl: slack.url });
 * // ...
 * await slack.close();
 * ```
 */
export class SlackStandIn {
  readonly requests: StandInRequest[] = [];
  reply: StandInReply;
  private readonly scripted: StandInReply[] = [];
  private posts = 0;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    /** The `slackApiUrl` to give a WebClient. */
    readonly url: string,
    /** The port it listens on (127.0.0.1). */
    readonly port: number,
    reply: StandInReply,
  ) {
    this.reply = reply;
  }

  /** Starts a stand-in that answers every request with `reply`. */
  static async start(reply: StandInReply = 'ok'): Promise<SlackStandIn> {
    let standIn: SlackStandIn | undefined;
    const server = createServer((req, res) => standIn?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn = new SlackStandIn(server, `http://127.0.0.1:${port}/api/`, port, reply);
    return standIn;
  }

  /** Answers the next requests with `replies`, in order, then with {@link reply} again. */
  script(...replies: StandInReply[]): this {
    this.scripted.push(...replies);
    return this;
  }

  /** Requests that were answered like Slack accepting the post. */
  get accepted(): number {
    return this.posts;
  }

  /** Stops the server, dropping every open connection (hanging requests included). */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      this.requests.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
      this.answer(res);
    });
  }

  private answer(res: ServerResponse): void {
    const reply = this.scripted.shift() ?? this.reply;
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (reply === 'hang') return;
    if (reply === 'ok') {
      this.posts++;
      json(200, { ok: true, channel: 'C1', ts: `${1_700_000_000 + this.posts}.000100` });
    } else if (reply === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok": tru <html>502 Bad Gateway</html>');
    } else if ('status' in reply) {
      json(reply.status, { ok: false, error: `http_${reply.status}` });
    } else if ('retryAfter' in reply) {
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(reply.retryAfter) });
    } else {
      json(200, { ok: false, error: reply.error });
    }
  }
}
