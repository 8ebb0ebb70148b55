// Slack failing in every way, end to end: real breakers, the real listeners and WebClient,
// a loopback stand-in that hangs, answers 500, 429 with Retry-After, garbage, or invalid_auth.
// The breaker keeps working and never waits for Slack; every failed post is reported exactly
// once, with Slack's or the client's code, and never with the token.
import {
  AsyncSlackListener,
  createSlackClient,
  SlackListener,
  SlackPostError,
} from '@fluxgate/listener-slack';
import { SlackStandIn, type StandInReply } from '@fluxgate/slack-stand-in';
import { leaks, SLACK_TOKEN } from '../support/secrets';
import { asyncBreaker, COOLDOWN, fail, failSync, syncBreaker } from '../support/test-breakers';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(() => slack.close());

/** The listeners' own client, pointed at the stand-in, with test-sized timeout and retries. */
function client() {
  return createSlackClient(SLACK_TOKEN, {
    slackApiUrl: slack.url,
    timeout: 100,
    retryConfig: { retries: 1, minTimeout: 5, maxTimeout: 10 },
  });
}

const FAULTS: [string, StandInReply, string, number][] = [
  ['Slack hangs', 'hang', 'slack_webapi_request_error', 2],
  ['Slack answers 500', { status: 500 }, 'slack_webapi_http_error', 2],
  ['Slack answers 429 with Retry-After', { retryAfter: 0 }, 'slack_webapi_rate_limited_error', 2],
  ['Slack answers garbage', 'garbage', 'invalid_response', 1],
  ['Slack refuses the token', { error: 'invalid_auth' }, 'invalid_auth', 1],
];

describe.each(FAULTS)('%s', (_label, reply, code, attemptsPerPost) => {
  test('SlackListener: the sync breaker cycles as usual; each failed post reported once', async () => {
    slack.always(reply);
    const reported: unknown[] = [];
    const listener = new SlackListener({
      name: 'payments',
      channel: 'C1',
      client: client(),
      onError: (error) => reported.push(error),
    });
    const faults: unknown[] = [];
    const { breaker, clock } = syncBreaker({
      listeners: [listener],
      onListenerError: (e) => faults.push(e),
    });
    expect(() => breaker.call(failSync)).toThrow('down');
    clock.advance(COOLDOWN);
    expect(breaker.call(() => 'ok')).toBe('ok');
    expect(breaker.info().state).toBe('closed');
    // The calls are done before any post failed: they did not wait for Slack.
    expect(reported).toEqual([]);
    await listener.flush();
    expect(faults).toEqual([]);
    expect(reported).toHaveLength(3);
    for (const error of reported) {
      expect(SlackPostError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code, circuit: 'payments' });
    }
    expect((reported as SlackPostError[]).map((e) => e.transition)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->closed',
    ]);
    // A client that timed out on a hanging request may have given up before the stand-in read it.
    await slack.received(3 * attemptsPerPost);
    expect(slack.requests).toHaveLength(3 * attemptsPerPost);
    expect(slack.requests[0].authorization).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(leaks(reported)).toEqual([]);
    // Slack is back: the next cycle is posted.
    slack.always('ok');
    breaker.forceOpen();
    await listener.flush();
    expect(slack.accepted).toBe(1);
  });

  test('AsyncSlackListener: callers never wait; each failed post reaches onListenerError once', async () => {
    slack.always(reply);
    const faults: unknown[] = [];
    const listener = new AsyncSlackListener({ name: 'payments', channel: 'C1', client: client() });
    const { breaker, clock } = asyncBreaker({
      listeners: [listener],
      onListenerError: (e) => faults.push(e),
    });
    await expect(breaker.call(fail)).rejects.toThrow('down');
    clock.advance(COOLDOWN);
    await expect(breaker.call(async () => 'ok')).resolves.toBe('ok');
    expect(breaker.info().state).toBe('closed');
    // The calls are done before any post failed: they did not wait for Slack.
    expect(faults).toEqual([]);
    await breaker.flush();
    expect(faults).toHaveLength(3);
    for (const error of faults) expect(error).toMatchObject({ name: 'SlackPostError', code });
    await slack.received(3 * attemptsPerPost);
    expect(slack.requests).toHaveLength(3 * attemptsPerPost);
    expect(leaks(faults)).toEqual([]);
    slack.always('ok');
    await breaker.forceOpen();
    await breaker.flush();
    expect(slack.accepted).toBe(1);
    expect(faults).toHaveLength(3);
  });
});

test('a 429 with Retry-After is waited out once, then the post goes through', async () => {
  slack.script({ retryAfter: 0 });
  const faults: unknown[] = [];
  const { breaker } = asyncBreaker({
    listeners: [new AsyncSlackListener({ name: 'payments', channel: 'C1', client: client() })],
    onListenerError: (e) => faults.push(e),
  });
  await breaker.forceOpen();
  expect(faults).toEqual([]);
  expect(slack.requests).toHaveLength(2);
  expect(slack.accepted).toBe(1);
});
