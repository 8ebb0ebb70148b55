// A small local stand-in for Slack's Web API: the real @slack/web-api client posts to it (with
// `slackApiUrl`), and it prints each message and its thread in the terminal.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `chat.postMessage` request as the client sends it (form fields, JSON ones decoded). */
export type PostBody = Record<string, unknown>;

const JSON_FIELDS = new Set(['attachments', 'blocks', 'metadata']);

/** Decodes a Web API request body: form-encoded (what the client sends) or JSON. */
export function parsePostBody(raw: string, contentType: string | undefined): PostBody {
  if (contentType?.includes('application/json')) return JSON.parse(raw) as PostBody;
  const body: PostBody = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    body[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return body;
}

function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/\*/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The mrkdwn texts of a message's card, after its title section. */
function cardDetails(body: PostBody): string[] {
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  const blocks = (attachments[0] as { blocks?: unknown } | undefined)?.blocks;
  if (!Array.isArray(blocks)) return [];
  return blocks
    .slice(1)
    .map((block) => (block as { text?: { text?: unknown } }).text?.text)
    .filter((text): text is string => typeof text === 'string')
    .map(plainText);
}

/** Where a post landed: its number among the stand-in's posts, and the post it replies to. */
export interface Placement {
  readonly number: number;
  /** The number of the thread's first post, or null for a top-level post. */
  readonly replyTo: number | null;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The terminal lines for one post: where it went, its text, and the details of its card. */
export function describePost(body: PostBody, placement: Placement): string[] {
  const text = plainText(String(body.text ?? ''));
  const channel = String(body.channel ?? '?');
  let where = `${channel} message ${placement.number}`;
  if (placement.replyTo !== null) {
    where += `, reply to ${placement.replyTo}`;
    if (isTrue(body.reply_broadcast)) where += ' (also sent to the channel)';
  }
  return [`${where}: ${text}`, ...cardDetails(body).map((detail) => `  ${detail}`)];
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The stand-in server; every accepted post is handed to `print` as terminal lines. */
export class SlackStandIn {
  /** The token the demo's client sends; the stand-in refuses any other, as Slack would. */
  static readonly TOKEN = `xoxb-demo-${randomUUID()}`;
  private readonly server: Server;
  private readonly print: (lines: string[]) => void;
  /** The number of each top-level post, by its ts. */
  private readonly numbers = new Map<string, number>();
  private posts = 0;
  private port = 0;

  private constructor(print: (lines: string[]) => void) {
    this.print = print;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() =>
        this.send(res, 200, { ok: false, error: 'invalid_form_data' }),
      );
    });
  }

  /** Starts on a free port of 127.0.0.1. */
  static async start(print: (lines: string[]) => void): Promise<SlackStandIn> {
    const standIn = new SlackStandIn(print);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    standIn.port = (standIn.server.address() as AddressInfo).port;
    return standIn;
  }

  /** The `slackApiUrl` to give the client. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** Messages accepted so far. */
  get postCount(): number {
    return this.posts;
  }

  /** Stops the server and drops its connections. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    if (req.headers.authorization !== `Bearer ${SlackStandIn.TOKEN}`) {
      return this.send(res, 200, { ok: false, error: 'invalid_auth' });
    }
    if (req.url !== '/api/chat.postMessage') {
      return this.send(res, 200, { ok: false, error: 'unknown_method' });
    }
    const body = parsePostBody(raw, req.headers['content-type']);
    this.posts++;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(this.posts).padStart(6, '0')}`;
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    if (threadTs === undefined) this.numbers.set(ts, this.posts);
    const replyTo = threadTs === undefined ? null : (this.numbers.get(threadTs) ?? 0);
    this.print(describePost(body, { number: this.posts, replyTo }));
    this.send(res, 200, { ok: true, channel: body.channel, ts, message: { ts, text: body.text } });
  }

  private send(res: ServerResponse, status: number, payload: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  }
}
