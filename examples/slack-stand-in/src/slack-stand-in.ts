// A local stand-in for Slack's Web API, for tests and the demo: point a real WebClient at it
// with `slackApiUrl: standIn.url`. The one stand-in of the repository: listener-slack's tests,
// the reliability suite (test-utils) and the demo all use it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the stand-in answers one request:
 * - `'ok'`: `{ ok: true, channel, ts }` with a ts that grows with every accepted post;
 * - `{ error }`: HTTP 200 with `{ ok: false, error }` (e.g. `invalid_auth`);
 * - `{ status }`: that HTTP status (e.g. 500) with a small JSON body;
 * - `{ retryAfter }`: HTTP 429 with that `Retry-After` (seconds);
 * - `'garbage'`: HTTP 200 with a body that is not JSON;
 * - `'hang'`: never answers (the client's timeout must give up);
 * - `'close'`: destroys the connection without answering (a network error);
 * - `'hold'`: answers `'ok'` once {@link SlackStandIn.release} is called.
 */
export type StandInReply =
  | 'ok'
  | 'garbage'
  | 'hang'
  | 'close'
  | 'hold'
  | { readonly error: string }
  | { readonly status: number }
  | { readonly retryAfter: number };

/** One request the stand-in received. */
export interface StandInRequest {
  /** The request's path as sent, e.g. `/api/chat.postMessage`. */
  readonly url: string;
  /** The Web API method, e.g. `chat.postMessage`. */
  readonly method: string;
  /** The body as sent, undecoded (to search it for what must not be there). */
  readonly raw: string;
  /** The Authorization header as sent. */
  readonly authorization: string | undefined;
  /** The parsed body; JSON-valued form fields (attachments, blocks) are decoded. */
  readonly body: Record<string, unknown>;
  /** How it was answered. */
  readonly reply: StandInReply;
  /** The ts of the message, when the post was accepted. */
  readonly ts: string | undefined;
}

/**
 * Options of {@link SlackStandIn.start}.
 *
 * @example
 * ```ts
 * const slack = await SlackStandIn.start({ token: 'xoxb-demo', onPost: (r) => print(r.body) });
 * ```
 */
export interface SlackStandInOptions {
  /** When given, a request with another bearer token is refused with `invalid_auth`, as Slack would. */
  readonly token?: string | undefined;
  /** Called with every accepted post, after it is recorded. */
  readonly onPost?: ((request: StandInRequest) => void) | undefined;
  /** How unscripted requests are answered (default `'ok'`); see {@link SlackStandIn.always}. */
  readonly reply?: StandInReply | undefined;
}

const JSON_FIELDS = new Set(['attachments', 'blocks', 'metadata']);

/**
 * Decodes a Web API request body: form-encoded (what the client sends, JSON-valued fields such
 * as `attachments` decoded) or JSON. A body that is neither decodes to `{}`.
 *
 * @example
 * ```ts
 * parsePostBody('channel=C1&text=hi', 'application/x-www-form-urlencoded'); // { channel: 'C1', text: 'hi' }
 * ```
 */
export function parsePostBody(
  raw: string,
  contentType: string | undefined,
): Record<string, unknown> {
  try {
    if (contentType?.includes('application/json'))
      return JSON.parse(raw) as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      body[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
    }
    return body;
  } catch {
    return {};
  }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(payload));
}

/**
 * An HTTP server on 127.0.0.1 (a free port) that answers `/api/<method>` like Slack's Web API
 * and records every request. Script the next answers with {@link script}, a lasting one with
 * {@link always}; unscripted requests are accepted. With a `token`, requests that bear another
 * one are refused with `invalid_auth`.
 *
 * @example
 * ```ts
 * const slack = await SlackStandIn.start();
 * const client = new WebClient('xoxb-test', { slackApiUrl: slack.url });
 * slack.script({ error: 'not_in_channel' });
 * await client.chat.postMessage({ channel: 'C1', text: 'hi' }).catch(() => {});
 * await client.chat.postMessage({ channel: 'C1', text: 'hi again' });
 * slack.posted.length; // 1
 * await slack.close();
 * ```
 */
export class SlackStandIn {
  /** Every request received, in arrival order. */
  readonly requests: StandInRequest[] = [];
  private readonly scripted: StandInReply[] = [];
  private lasting: StandInReply;
  private held: (() => void)[] = [];
  private waiting: { readonly count: number; readonly resolve: () => void }[] = [];
  private posts = 0;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    /** The port it listens on, on 127.0.0.1. */
    readonly port: number,
    private readonly options: SlackStandInOptions,
  ) {
    this.lasting = options.reply ?? 'ok';
  }

  /** Starts a stand-in on a free loopback port. */
  static async start(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
    let standIn: SlackStandIn | undefined;
    const server = createServer((req, res) => {
      standIn?.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn = new SlackStandIn(server, port, options);
    return standIn;
  }

  /** The base URL to give the client as `slackApiUrl`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** How many posts were accepted. */
  get accepted(): number {
    return this.posts;
  }

  /** The requests that were accepted as posts, in order. */
  get posted(): StandInRequest[] {
    return this.requests.filter((request) => request.ts !== undefined);
  }

  /** Answers the next requests with these replies, in order. */
  script(...replies: StandInReply[]): this {
    this.scripted.push(...replies);
    return this;
  }

  /** Answers every unscripted request with `reply` from now on (`'ok'` by default). */
  always(reply: StandInReply): this {
    this.lasting = reply;
    return this;
  }

  /** Answers every request held by a `'hold'` reply. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const answer of held) answer();
  }

  /** Requests currently held by a `'hold'` reply. */
  get holding(): number {
    return this.held.length;
  }

  /**
   * Resolves once `count` requests have been received (at once if they have been). A client that
   * gives up on a hanging request may do so before the stand-in has read it: a test waits on
   * this, never on time, to count what arrived.
   */
  received(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ count, resolve }));
  }

  /** Stops the server and drops every open connection (hanging requests included). */
  async close(): Promise<void> {
    this.held = [];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const url = req.url ?? '';
    const method = url.replace(/^\/api\//, '').split('?')[0] ?? '';
    const { token, onPost } = this.options;
    const authorization = req.headers.authorization;
    const reply: StandInReply =
      token !== undefined && authorization !== `Bearer ${token}`
        ? { error: 'invalid_auth' }
        : (this.scripted.shift() ?? this.lasting);
    const body = parsePostBody(raw, req.headers['content-type']);
    const accept = reply === 'ok' || reply === 'hold';
    const ts = accept ? this.nextTs() : undefined;
    const request: StandInRequest = { url, method, raw, authorization, body, reply, ts };
    this.requests.push(request);
    const arrived = this.requests.length;
    const due = this.waiting.filter((waiter) => waiter.count <= arrived);
    this.waiting = this.waiting.filter((waiter) => waiter.count > arrived);
    for (const waiter of due) waiter.resolve();
    if (accept) onPost?.(request);
    const answerOk = () =>
      sendJson(res, 200, { ok: true, channel: body.channel, ts, message: { ts, text: body.text } });

    if (reply === 'ok') return answerOk();
    if (reply === 'hold') {
      this.held.push(answerOk);
      return;
    }
    if (reply === 'hang') return;
    if (reply === 'close') {
      req.socket.destroy();
      return;
    }
    if (reply === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok": tru <html>Bad Gateway</html>');
      return;
    }
    if ('error' in reply) return sendJson(res, 200, { ok: false, error: reply.error });
    if ('retryAfter' in reply) {
      return sendJson(
        res,
        429,
        { ok: false, error: 'ratelimited' },
        {
          'retry-after': String(reply.retryAfter),
        },
      );
    }
    sendJson(res, reply.status, { ok: false, error: `http_${reply.status}` });
  }

  private nextTs(): string {
    this.posts += 1;
    return `${1_700_000_000 + this.posts}.${String(this.posts).padStart(6, '0')}`;
  }
}
