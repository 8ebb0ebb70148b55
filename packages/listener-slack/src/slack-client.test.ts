import { SlackStandIn } from '@fluxgate/slack-stand-in';
import { WebClient } from '@slack/web-api';
import { createSlackClient, SLACK_CLIENT_DEFAULTS } from './slack-client';

/** WebClient keeps its settings in private fields; read them to check what we configured. */
function settings(client: WebClient): Record<string, unknown> {
  return client as unknown as Record<string, unknown>;
}

describe('createSlackClient', () => {
  test('gives up within seconds instead of the half-hour default', () => {
    const client = createSlackClient('xoxb-test');
    expect(client).toBeInstanceOf(WebClient);
    expect(settings(client).retryConfig).toEqual({
      retries: 2,
      factor: 1.5,
      minTimeout: 250,
      maxTimeout: 1_000,
      randomize: true,
    });
    expect(settings(client).timeout).toBe(5_000);
    expect(settings(client).rejectRateLimitedCalls).toBe(true);
    expect(client.slackApiUrl).toBe('https://slack.com/api/');
  });

  test('options override the defaults', () => {
    const client = createSlackClient('xoxb-test', {
      slackApiUrl: 'https://slack-gov.com/api/',
      timeout: 1_000,
    });
    expect(client.slackApiUrl).toBe('https://slack-gov.com/api/');
    expect(settings(client).timeout).toBe(1_000);
    expect(settings(client).rejectRateLimitedCalls).toBe(true);
  });

  test('the defaults are frozen', () => {
    expect(Object.isFrozen(SLACK_CLIENT_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(SLACK_CLIENT_DEFAULTS.retryConfig)).toBe(true);
  });

  test('a rate limit comes back at once, not after the client waited', async () => {
    const slack = await SlackStandIn.start();
    try {
      slack.always({ retryAfter: 30 });
      const started = performance.now();
      const error = await createSlackClient('xoxb-test', { slackApiUrl: slack.url })
        .chat.postMessage({ channel: 'C1', text: 'hi' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(slack.requests).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });
});
