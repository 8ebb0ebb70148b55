import type { Signal } from '@fluxgate/core';
import { SlackStandIn } from '@fluxgate/slack-stand-in';
import { buildMessage } from './message';
import { SlackPostError } from './slack-post-error';
import { SlackPoster } from './slack-poster';
import { DEFAULT_TEMPLATES } from './templates';
import { signal } from './testing/signals';
import { expectNoToken, standInClient, TEST_TOKEN } from './testing/stand-in-client';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(async () => {
  await slack.close();
});

function poster(
  extra: Partial<ConstructorParameters<typeof SlackPoster>[0]> = {},
  clientOptions: Parameters<typeof standInClient>[1] = {},
) {
  const waits: number[] = [];
  const instance = new SlackPoster({
    owner: 'AsyncSlackListener',
    name: 'payments',
    channel: 'C0123456789',
    client: standInClient(slack, clientOptions),
    secret: TEST_TOKEN,
    postTimeout: 10_000,
    render: (s: Signal) => buildMessage('payments', s, DEFAULT_TEMPLATES['closed->open']),
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  });
  return { poster: instance, waits };
}

describe('rate limits: Retry-After honoured once, then reported', () => {
  test('a single 429 waits Retry-After and the post goes through', async () => {
    const { poster: p, waits } = poster();
    slack.script({ retryAfter: 1 });
    await p.post(signal('closed', 'open'));
    expect(waits).toEqual([1_000]);
    expect(slack.requests.map((r) => r.reply)).toEqual([{ retryAfter: 1 }, 'ok']);
    expect(slack.posted).toHaveLength(1);
  });

  test('a persistent 429 waits once, then rejects with the rate-limit code', async () => {
    const { poster: p, waits } = poster();
    slack.always({ retryAfter: 1 });
    const error = await p.post(signal('closed', 'open')).catch((e: unknown) => e);
    expect(waits).toEqual([1_000]);
    expect(slack.requests).toHaveLength(2);
    expect(SlackPostError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 1,
      circuit: 'payments',
      transition: 'closed->open',
    });
    expectNoToken([error]);
  });

  test('a Retry-After beyond 30 s is reported at once, without waiting', async () => {
    const { poster: p, waits } = poster();
    slack.script({ retryAfter: 31 });
    await expect(p.post(signal('closed', 'open'))).rejects.toMatchObject({ retryAfter: 31 });
    expect(waits).toEqual([]);
    expect(slack.requests).toHaveLength(1);
  });

  test('the real wait works (Retry-After 0)', async () => {
    const { poster: p } = poster({ sleep: undefined });
    slack.script({ retryAfter: 0 });
    await p.post(signal('closed', 'open'));
    expect(slack.posted).toHaveLength(1);
  });

  test('a client that waits out rate limits itself still ends with the rate-limit code', async () => {
    const { poster: p, waits } = poster({}, { rejectRateLimitedCalls: false });
    slack.always({ retryAfter: 0 });
    await expect(p.post(signal('closed', 'open'))).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
    });
    expect(waits).toEqual([]);
    expect(slack.requests).toHaveLength(3); // the first try and the client's two retries
  });
});

describe('posting', () => {
  test('adds the channel and thread fields to the rendered message', async () => {
    const { poster: p } = poster();
    await p.post(signal('closed', 'open'));
    await p.post(signal('open', 'half_open'));
    await p.post(signal('half_open', 'closed'));
    const [first, second, third] = slack.posted;
    expect(first?.body).toMatchObject({ channel: 'C0123456789' });
    expect(first?.body.thread_ts).toBeUndefined();
    expect(second?.body).toMatchObject({ thread_ts: first?.ts });
    expect(second?.body.reply_broadcast).toBeUndefined();
    expect(third?.body).toMatchObject({ thread_ts: first?.ts, reply_broadcast: 'true' });
  });

  test("a render that throws rejects with the user's own error and does not orphan replies", async () => {
    let fail = true;
    const { poster: p } = poster({
      render: (s) => {
        if (fail) throw new RangeError('bad template');
        return buildMessage('payments', s, DEFAULT_TEMPLATES['closed->open']);
      },
    });
    await expect(p.post(signal('closed', 'open'))).rejects.toThrow(new RangeError('bad template'));
    fail = false;
    await p.post(signal('open', 'half_open'));
    await p.post(signal('half_open', 'open'));
    const [first, second] = slack.posted;
    expect(first?.body.thread_ts).toBeUndefined();
    expect(second?.body.thread_ts).toBe(first?.ts);
  });

  test('flush waits for every queued post', async () => {
    const { poster: p } = poster();
    for (const [from, to] of [
      ['closed', 'open'],
      ['open', 'half_open'],
      ['half_open', 'closed'],
    ] as const) {
      void p.post(signal(from, to));
    }
    expect(p.pending).toBe(2);
    await p.flush();
    expect(slack.posted).toHaveLength(3);
    expect(p.pending).toBe(0);
  });
});
