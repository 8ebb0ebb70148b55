// A real WebClient pointed at a SlackStandIn, with retries short enough for tests.
import { inspect } from 'node:util';
import type { SlackStandIn } from '@fluxgate/slack-stand-in';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import { createSlackClient } from '../slack-client';

/** The bot token tests use; no report may ever contain it (nor its secret-looking part). */
export const TEST_TOKEN = 'xoxb-1234-5678-s3cr3tT0k3nV4lu3';

/** The listeners' client settings, with millisecond retry pauses and a short timeout. */
export function standInClient(standIn: SlackStandIn, options: WebClientOptions = {}): WebClient {
  return createSlackClient(TEST_TOKEN, {
    slackApiUrl: standIn.url,
    retryConfig: { retries: 2, factor: 1.5, minTimeout: 5, maxTimeout: 10 },
    timeout: 2_000,
    ...options,
  });
}

/** Every way a report could be printed or shipped: none may contain the token. */
export function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 10, showHidden: true })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // Not serialisable: inspect covers it.
  }
  if (value instanceof Error) out.push(value.message, value.stack ?? '', String(value));
  return out;
}

/** Asserts that none of `values` reveals the test token in any rendering. */
export function expectNoToken(values: readonly unknown[]): void {
  expect(values.length).toBeGreaterThan(0);
  for (const value of values) {
    for (const text of renderings(value)) {
      expect(text).not.toContain(TEST_TOKEN);
      expect(text).not.toContain('s3cr3tT0k3n');
    }
  }
}
