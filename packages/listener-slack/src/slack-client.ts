import { LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import { unrefFetch } from './unref-fetch';

/**
 * The `WebClient` settings the listeners use when they build the client themselves. The
 * client's own default retries ten times over about half an hour, which would hold every later
 * alert back; these give up within seconds:
 * - two quick retries of network errors and HTTP 5xx (after ~250 ms, then ~375 ms);
 * - a 5 s timeout per request;
 * - rate limits are handed back at once (`rejectRateLimitedCalls`), so the listener can honour
 *   `Retry-After` exactly once and then move on;
 * - the client's own log is limited to errors: the listener reports failures itself;
 * - its requests go through {@link unrefFetch}, so a Slack that never answers cannot keep the
 *   process alive (replace `fetch` for a proxy; the listener's `postTimeout` still bounds it).
 *
 * @example
 * ```ts
 * // The same policy for a client of your own, e.g. with a proxy-aware fetch:
 * const client = new WebClient(token, { ...SLACK_CLIENT_DEFAULTS, fetch: proxiedFetch });
 * ```
 */
export const SLACK_CLIENT_DEFAULTS: Readonly<WebClientOptions> = Object.freeze({
  retryConfig: Object.freeze({
    retries: 2,
    factor: 1.5,
    minTimeout: 250,
    maxTimeout: 1_000,
    randomize: true,
  }),
  timeout: 5_000,
  rejectRateLimitedCalls: true,
  logLevel: LogLevel.ERROR,
  fetch: unrefFetch as NonNullable<WebClientOptions['fetch']>,
});

/**
 * Builds a `WebClient` with the listeners' quick-retry settings ({@link SLACK_CLIENT_DEFAULTS});
 * `options` override them. Use it to pass a `client` that keeps those settings but changes the
 * API URL (GovSlack, a test server) or the transport (`fetch` through a proxy).
 *
 * @example
 * ```ts
 * const slack = new SlackListener({
 *   name: 'payments',
 *   channel: process.env.SLACK_CHANNEL!,
 *   client: createSlackClient(process.env.SLACK_BOT_TOKEN!, { slackApiUrl: 'https://slack-gov.com/api/' }),
 * });
 * ```
 */
export function createSlackClient(token: string, options: WebClientOptions = {}): WebClient {
  return new WebClient(token, { ...SLACK_CLIENT_DEFAULTS, ...options });
}
