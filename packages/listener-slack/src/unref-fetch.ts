import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

// The Slack client's requests go through this `fetch`, built on node:http(s), so that its
// sockets never keep the process alive: an app that has finished its work exits even while
// Slack accepts a connection and never answers (the global fetch keeps the process alive
// until its timeout, for every queued post). A post still in flight when the process exits is
// lost, as an unsent one would be; `flush()` first to wait for them.

/** Statuses whose response has no body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

function headerObject(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function toResponse(res: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [key, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.set(key, value);
  }
  const status = res.statusCode ?? 0;
  return new Response(NO_BODY.has(status) ? null : body, {
    status,
    statusText: res.statusMessage ?? '',
    headers,
  });
}

/**
 * A `fetch` for `@slack/web-api`'s `WebClient` whose sockets never hold the process open. It
 * sends the client's string bodies itself and leaves anything else (a file upload's form data,
 * a `Request` object) to the global `fetch`. It is the `fetch` of {@link SLACK_CLIENT_DEFAULTS}.
 *
 * @example
 * ```ts
 * const client = new WebClient(token, { fetch: unrefFetch, timeout: 5_000 });
 * ```
 */
export function unrefFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const url = typeof input === 'string' || input instanceof URL ? new URL(input) : undefined;
  const send =
    url?.protocol === 'https:' ? httpsRequest : url?.protocol === 'http:' ? httpRequest : undefined;
  const body = init.body;
  if (url === undefined || send === undefined || (body != null && typeof body !== 'string')) {
    return fetch(input, init);
  }
  return new Promise<Response>((resolve, reject) => {
    const req = send(
      url,
      {
        method: init.method ?? 'GET',
        headers: headerObject(init.headers),
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve(toResponse(res, Buffer.concat(chunks)));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    // Also a kept-alive socket handed out again, which the agent ref()s for the request.
    req.on('socket', (socket) => socket.unref());
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
