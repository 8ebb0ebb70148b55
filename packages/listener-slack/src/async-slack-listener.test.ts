import { SlackStandIn } from '@fluxgate/slack-stand-in';
import { AsyncSlackListener } from './async-slack-listener';
import { createSlackClient } from './slack-client';
import { SlackPostError } from './slack-post-error';
import { AsyncDriver } from './testing/breaker-driver';
import { signal } from './testing/signals';
import { expectNoToken, standInClient, TEST_TOKEN } from './testing/stand-in-client';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(async () => {
  await slack.close();
});

function setup() {
  const listener = new AsyncSlackListener({
    name: 'search',
    channel: 'C0123456789',
    client: standInClient(slack),
  });
  return { listener, driver: new AsyncDriver(listener) };
}

const transitions = () =>
  slack.posted.map((r) => String(r.body.text).split(' ').slice(-3).join(' '));

describe('AsyncSlackListener with an AsyncCircuitBreaker', () => {
  test('threads two failure cycles; breaker.flush() waits for the posts', async () => {
    const { driver } = setup();
    await driver.trip();
    await driver.reopen();
    await driver.recover();
    await driver.trip();
    await driver.recover();
    await driver.breaker.flush();
    expect(driver.faults).toEqual([]);
    expect(transitions()).toEqual([
      'closed → open',
      'open → half_open',
      'half_open → open',
      'open → half_open',
      'half_open → closed',
      'closed → open',
      'open → half_open',
      'half_open → closed',
    ]);
    const posts = slack.posted;
    const [first, second] = [posts[0]?.ts, posts[5]?.ts];
    expect(posts.map((p) => p.body.thread_ts)).toEqual([
      undefined,
      first,
      first,
      first,
      first,
      undefined,
      second,
      second,
    ]);
    expect(posts.map((p) => p.body.reply_broadcast === 'true')).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  test('callers never wait for Slack', async () => {
    const { driver } = setup();
    slack.always('hold');
    await driver.trip();
    await driver.recover();
    expect(driver.breaker.info().state).toBe('closed');
    await expect(driver.breaker.call(async () => 'fast')).resolves.toBe('fast');
    expect(slack.posted.length).toBeLessThanOrEqual(1);
    await waitFor(() => slack.holding === 1);
    slack.always('ok');
    slack.release();
    await driver.breaker.flush();
    expect(transitions()).toEqual(['closed → open', 'open → half_open', 'half_open → closed']);
  });

  test("a failed post reaches the breaker's onListenerError; the next posts go out", async () => {
    const { driver } = setup();
    slack.script({ error: 'invalid_auth' });
    await driver.trip();
    await driver.recover();
    await driver.breaker.flush();
    expect(driver.faults).toHaveLength(1);
    const [fault] = driver.faults;
    expect(SlackPostError.isInstance(fault?.error)).toBe(true);
    expect(fault?.error).toMatchObject({ code: 'invalid_auth', circuit: 'search' });
    expect(fault?.signal).toMatchObject({ oldState: 'closed', newState: 'open' });
    expect(transitions()).toEqual(['open → half_open', 'half_open → closed']);
    expectNoToken(driver.faults.map((f) => f.error));
  });

  test('a persistent 429 and HTTP 500 are reported and the breaker keeps working', async () => {
    const { driver } = setup();
    slack.script(
      { retryAfter: 0 },
      { retryAfter: 0 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
    );
    await driver.trip();
    await driver.recover();
    await driver.breaker.flush();
    expect(driver.faults.map((f) => (f.error as SlackPostError).code)).toEqual([
      'slack_webapi_rate_limited_error',
      'slack_webapi_http_error',
    ]);
    expect(transitions()).toEqual(['half_open → closed']);
    await expect(driver.breaker.call(async () => 1)).resolves.toBe(1);
    expectNoToken(driver.faults.map((f) => f.error));
  });

  test('notify resolves once the post is in Slack', async () => {
    const { listener } = setup();
    await listener.notify(signal('closed', 'open'));
    expect(slack.posted).toHaveLength(1);
    await listener.notify(signal('open', 'half_open'));
    expect(slack.posted[1]?.body.thread_ts).toBe(slack.posted[0]?.ts);
  });

  test('concurrent notify calls are still posted one at a time, in order', async () => {
    const { listener } = setup();
    await Promise.all([
      listener.notify(signal('closed', 'open')),
      listener.notify(signal('open', 'half_open')),
      listener.notify(signal('half_open', 'closed')),
    ]);
    await listener.flush();
    expect(transitions()).toEqual(['closed → open', 'open → half_open', 'half_open → closed']);
    expect(slack.posted[2]?.body).toMatchObject({
      thread_ts: slack.posted[0]?.ts,
      reply_broadcast: 'true',
    });
  });

  test('a ready client is used as is, with its own token', async () => {
    const listener = new AsyncSlackListener({
      name: 'search',
      channel: 'C1',
      client: createSlackClient('xoxb-other', { slackApiUrl: slack.url }),
    });
    await listener.notify(signal('closed', 'open'));
    expect(slack.requests[0]?.authorization).toBe('Bearer xoxb-other');
    expect(slack.requests[0]?.authorization).not.toContain(TEST_TOKEN);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(condition()).toBe(true);
}
