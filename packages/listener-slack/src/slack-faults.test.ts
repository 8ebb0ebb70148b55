// Every Slack fault against a real WebClient and a local stand-in of Slack's Web API: each is
// reported with its code (never with the token), costs at most a few quick retries, and the
// next post goes out as usual.

import { SlackStandIn, type StandInReply } from '@fluxgate/slack-stand-in';
import { AsyncSlackListener } from './async-slack-listener';
import { SlackPostError } from './slack-post-error';
import { signal } from './testing/signals';
import { expectNoToken, standInClient, TEST_TOKEN } from './testing/stand-in-client';

let slack: SlackStandIn;
const reported: unknown[] = [];
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(async () => {
  await slack.close();
});
afterAll(() => {
  // Every error any fault produced, in every rendering, is free of the token.
  expectNoToken(reported);
});

function listener(timeout = 2_000) {
  return new AsyncSlackListener({
    name: 'payments',
    channel: 'C0123456789',
    client: standInClient(slack, { timeout }),
  });
}

const faults: [
  label: string,
  replies: StandInReply[],
  expected: Record<string, unknown>,
  attempts: number,
][] = [
  ['invalid_auth', [{ error: 'invalid_auth' }], { code: 'invalid_auth' }, 1],
  ['not_in_channel', [{ error: 'not_in_channel' }], { code: 'not_in_channel' }, 1],
  ['channel_not_found', [{ error: 'channel_not_found' }], { code: 'channel_not_found' }, 1],
  [
    'HTTP 500 on every try',
    [{ status: 500 }, { status: 500 }, { status: 500 }],
    { code: 'slack_webapi_http_error', status: 500 },
    3,
  ],
  [
    'a persistent 429',
    [{ retryAfter: 0 }, { retryAfter: 0 }],
    { code: 'slack_webapi_rate_limited_error', retryAfter: 0 },
    2,
  ],
  ['an answer that is not JSON', ['garbage'], { code: 'invalid_response' }, 1],
  [
    'the connection closed on every try',
    ['close', 'close', 'close'],
    { code: 'slack_webapi_request_error' },
    3,
  ],
];

describe.each(faults)('%s', (_label, replies, expected, attempts) => {
  test('is reported with its code after at most the quick retries', async () => {
    const slackListener = listener();
    slack.script(...replies);
    const error = await slackListener.notify(signal('closed', 'open')).catch((e: unknown) => e);
    reported.push(error);
    expect(SlackPostError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(SlackPostError);
    expect(error).toMatchObject({
      ...expected,
      name: 'SlackPostError',
      circuit: 'payments',
      transition: 'closed->open',
    });
    expect((error as Error).message).toContain(
      `AsyncSlackListener 'payments' could not post closed->open to Slack: ${expected.code}`,
    );
    expect(slack.requests).toHaveLength(attempts);
    // The token really went to Slack, so the scan for it in reports means something.
    expect(slack.requests[0]?.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expectNoToken([error]);
  });

  test('does not stop the next post', async () => {
    const slackListener = listener();
    slack.script(...replies);
    reported.push(await slackListener.notify(signal('closed', 'open')).catch((e: unknown) => e));
    await slackListener.notify(signal('open', 'half_open'));
    expect(slack.posted).toHaveLength(1);
    expect(slack.posted[0]?.body.text).toContain('open → half_open');
  });
});

test('Slack not answering: the timeout gives up after the quick retries', async () => {
  // Long enough that the answered post after the hangs is never cut off on a loaded machine.
  const slackListener = listener(400);
  slack.script('hang', 'hang', 'hang');
  const error = await slackListener.notify(signal('closed', 'open')).catch((e: unknown) => e);
  reported.push(error);
  expect(error).toMatchObject({ code: 'slack_webapi_request_error' });
  expect((error as Error).message).toContain('Slack did not answer in time');
  expect(slack.requests).toHaveLength(3);
  await slackListener.notify(signal('open', 'half_open'));
  expect(slack.posted).toHaveLength(1);
});

test.each([
  ['HTTP 503', { status: 503 }],
  ['a dropped connection', 'close'],
] as const)('one %s is retried and the post goes through', async (_label, reply) => {
  const slackListener = listener();
  slack.script(reply);
  await slackListener.notify(signal('closed', 'open'));
  expect(slack.requests).toHaveLength(2);
  expect(slack.posted).toHaveLength(1);
});
