import { inspect } from 'node:util';
import { CircuitBreaker, type Signal } from '@fluxgate/core';
import { SlackStandIn } from '@fluxgate/slack-stand-in';
import type { SlackMessage } from './message';
import type { SlackListenerOptions } from './options';
import { SlackListener } from './slack-listener';
import { SlackPostError } from './slack-post-error';
import type { SlackTemplate } from './templates';
import { SyncDriver } from './testing/breaker-driver';
import { signal } from './testing/signals';
import { expectNoToken, standInClient, TEST_TOKEN } from './testing/stand-in-client';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(async () => {
  jest.restoreAllMocks();
  await slack.close();
});

function setup(extra: Partial<SlackListenerOptions> = {}) {
  const errors: { error: unknown; signal: Signal }[] = [];
  const listener = new SlackListener({
    name: 'payments',
    channel: 'C0123456789',
    client: standInClient(slack),
    onError: (error, s) => errors.push({ error, signal: s }),
    ...extra,
  });
  const seen: Signal[] = [];
  const driver = new SyncDriver(listener, (s) => seen.push(s));
  return { listener, driver, errors, seen };
}

const transitions = () =>
  slack.posted.map((r) => String(r.body.text).split(' ').slice(-3).join(' '));

describe('SlackListener with a CircuitBreaker', () => {
  test('posts the card, the fields and why it tripped', async () => {
    const { listener, driver } = setup();
    driver.trip();
    await listener.flush();
    const [request] = slack.requests;
    expect(request?.method).toBe('chat.postMessage');
    expect(request?.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(request?.body.channel).toBe('C0123456789');
    expect(request?.body.text).toBe('🚨 Circuit Breaker Triggered: payments closed → open');
    expect(request?.body.thread_ts).toBeUndefined();
    const [attachment] = request!.body.attachments as {
      color: string;
      blocks: { text?: { text: string }; fields?: { text: string }[] }[];
    }[];
    expect(attachment?.color).toBe('#FF4C4C');
    const [title, fields, why] = attachment?.blocks ?? [];
    expect(title?.text?.text).toBe('*🚨 Circuit Breaker Triggered*');
    expect(fields?.fields?.map((f) => f.text.split('\n')[0])).toEqual([
      '*Circuit Breaker:*',
      '*State Transition:*',
      '*Transition Time:*',
      '*Description:*',
    ]);
    expect(fields?.fields?.[0]?.text).toBe('*Circuit Breaker:*\npayments');
    expect(fields?.fields?.[1]?.text).toBe('*State Transition:*\nclosed → open');
    expect(fields?.fields?.[2]?.text).toMatch(
      /^\*Transition Time:\*\n<!date\^\d{10}\^\{date_short_pretty\} \{time_secs\}\|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC>$/,
    );
    expect(why?.text?.text).toBe('*Why it tripped:*\n50% of 2 calls failed');
  });

  test('threads two full failure cycles, broadcasting each recovery', async () => {
    const { listener, driver, errors } = setup();
    driver.trip(); // closed -> open            starts thread 1
    driver.reopen(); // open -> half_open -> open
    driver.recover(); // open -> half_open -> closed (broadcast, ends thread 1)
    driver.trip(); // closed -> open            starts thread 2
    driver.recover(); // open -> half_open -> closed
    await listener.flush();
    expect(errors).toEqual([]);
    const posts = slack.posted;
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
    const first = posts[0]?.ts;
    const second = posts[5]?.ts;
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
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
    expect(posts.map((p) => p.body.reply_broadcast)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'true',
      undefined,
      undefined,
      'true',
    ]);
  });

  test('a burst of transitions is posted in order', async () => {
    const { listener, driver, seen } = setup();
    for (let i = 0; i < 6; i++) {
      driver.trip();
      driver.reopen();
      driver.recover();
    }
    driver.breaker.forceOpen();
    driver.breaker.reset();
    driver.breaker.metricsOnly();
    driver.breaker.disable();
    await listener.flush();
    expect(seen).toHaveLength(34);
    expect(transitions()).toEqual(seen.map((s) => `${s.oldState} → ${s.newState}`));
  });

  test('notify returns at once: a slow Slack never holds the breaker or its callers', async () => {
    const { listener, driver } = setup();
    slack.always('hold');
    driver.trip();
    driver.recover();
    expect(driver.breaker.info().state).toBe('closed');
    expect(driver.breaker.call(() => 42)).toBe(42);
    await waitFor(() => slack.holding === 1);
    slack.always('ok');
    slack.release();
    await listener.flush();
    expect(slack.posted).toHaveLength(3);
  });

  test('a failed post goes to onError with its signal; the breaker and the next post carry on', async () => {
    const { listener, driver, errors } = setup();
    slack.script({ error: 'not_in_channel' });
    driver.trip();
    driver.recover();
    await listener.flush();
    expect(driver.faults).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.signal).toMatchObject({ oldState: 'closed', newState: 'open' });
    expect(errors[0]?.error).toMatchObject({ code: 'not_in_channel', transition: 'closed->open' });
    expect(transitions()).toEqual(['open → half_open', 'half_open → closed']);
    expectNoToken(errors.map((e) => e.error));
  });

  test('a failed opening post: the next post starts the thread, later ones reply in it', async () => {
    const { listener, driver } = setup();
    slack.script({ error: 'channel_not_found' });
    driver.trip();
    driver.reopen();
    driver.recover();
    await listener.flush();
    const posts = slack.posted;
    const thread = posts[0]?.ts;
    expect(transitions()[0]).toBe('open → half_open');
    expect(posts.map((p) => p.body.thread_ts)).toEqual([undefined, thread, thread, thread]);
    expect(posts[3]?.body.reply_broadcast).toBe('true');
  });

  test('at most 100 posts wait; the oldest waiting one is dropped and reported', async () => {
    const { listener, errors } = setup();
    slack.script('hold');
    const states = ['open', 'half_open'] as const;
    const signals = Array.from({ length: 102 }, (_, i) =>
      signal(states[(i + 1) % 2]!, states[i % 2]!, { timestamp: 1_700_000_000_000 + i * 1000 }),
    );
    for (const s of signals) listener.notify(s);
    await waitFor(() => errors.length === 1);
    expect(errors[0]?.signal).toBe(signals[1]);
    expect(errors[0]?.error).toMatchObject({ code: 'queue_full', transition: 'open->half_open' });
    expect((errors[0]!.error as Error).message).toContain('100 posts were waiting');
    await waitFor(() => slack.holding === 1);
    slack.release();
    await listener.flush();
    expect(slack.posted).toHaveLength(101);
    const times = slack.posted.map(
      (p) => String(JSON.stringify(p.body.attachments)).match(/date\^(\d+)/)?.[1],
    );
    expect(times).toEqual([signals[0], ...signals.slice(2)].map((s) => String(s.timestamp / 1000)));
  }, 30_000); // 101 real HTTP round trips: generous for a loaded CI machine

  test('the default onError writes one line to console.error, without the token', async () => {
    const lines: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    const listener = new SlackListener({
      name: 'payments',
      channel: 'C0123456789',
      client: standInClient(slack),
    });
    slack.script({ error: 'invalid_auth' });
    listener.notify(signal('closed', 'open'));
    await listener.flush();
    expect(lines).toEqual([
      "[fluxgate] SlackListener 'payments' could not post closed->open to Slack: invalid_auth " +
        '(the token is invalid: check the bot token (xoxb-...))',
    ]);
    expectNoToken(lines);
  });

  test('an onError that throws falls back to console.error, naming both faults', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    const { listener } = setup({
      onError: () => {
        throw new Error('handler broke');
      },
    });
    slack.script({ error: 'invalid_auth' });
    listener.notify(signal('closed', 'open'));
    listener.notify(signal('open', 'half_open'));
    await listener.flush();
    expect(spy.mock.calls.map(([line]) => String(line))).toEqual([
      expect.stringContaining('invalid_auth'),
      '[fluxgate] SlackListener: onError failed while reporting it: Error: handler broke',
    ]);
    expect(slack.posted).toHaveLength(1);
  });

  test('a listener belongs to one breaker', () => {
    const { listener } = setup();
    expect(() => new CircuitBreaker({ listeners: [listener] })).toThrow(TypeError);
    expect(() => new CircuitBreaker({ listeners: [listener] })).toThrow(/one listener per circuit/);
  });

  test('printing or serialising the listener does not reveal the token', () => {
    const listener = new SlackListener({ name: 'payments', channel: 'C1', token: TEST_TOKEN });
    expectNoToken([listener]);
    expect(JSON.stringify(listener)).toBe('{"name":"payments","channel":"C1"}');
  });
});

describe('custom templates', () => {
  test('the templates option changes the wording per transition', async () => {
    const { listener, driver } = setup({
      templates: { 'closed->open': { title: '🔥 Zahlungen gestört', color: '#000000' } },
      fallbackTemplate: { title: 'Status geändert' },
    });
    driver.trip();
    driver.breaker.forceOpen();
    await listener.flush();
    const [tripped, forced] = slack.posted;
    expect(tripped?.body.text).toBe('🔥 Zahlungen gestört: payments closed → open');
    expect((tripped!.body.attachments as { color: string }[])[0]?.color).toBe('#000000');
    expect(forced?.body.text).toBe('Status geändert: payments open → forced_open');
  });

  test('a subclass can replace the template and the message', async () => {
    class GermanSlackListener extends SlackListener {
      protected override template(s: Signal): SlackTemplate {
        return s.newState === 'open'
          ? { title: 'Ausgelöst', color: '#FF0000', description: 'Zu viele Fehler.' }
          : super.template(s);
      }
      protected override message(s: Signal, template: SlackTemplate): SlackMessage {
        const message = super.message(s, template);
        return { ...message, text: `[${this.channel}] ${message.text}` };
      }
    }
    const listener = new GermanSlackListener({
      name: 'payments',
      channel: 'C0123456789',
      client: standInClient(slack),
    });
    const driver = new SyncDriver(listener);
    driver.trip();
    driver.recover();
    await listener.flush();
    expect(slack.posted.map((p) => p.body.text)).toEqual([
      '[C0123456789] Ausgelöst: payments closed → open',
      '[C0123456789] 🔄 Attempting Circuit Breaker Recovery: payments open → half_open',
      '[C0123456789] ✅ Circuit Breaker Recovered: payments half_open → closed',
    ]);
  });

  test("a template that throws is reported to onError as the user's own error", async () => {
    class BrokenListener extends SlackListener {
      protected override template(): SlackTemplate {
        throw new RangeError('no such language');
      }
    }
    const errors: unknown[] = [];
    const listener = new BrokenListener({
      name: 'payments',
      channel: 'C1',
      client: standInClient(slack),
      onError: (error) => errors.push(error),
    });
    listener.notify(signal('closed', 'open'));
    await listener.flush();
    expect(errors).toEqual([new RangeError('no such language')]);
    expect(SlackPostError.isInstance(errors[0])).toBe(false);
    expect(slack.requests).toEqual([]);
  });
});

/** Waits (briefly, on real time: the stand-in answers over a socket) until `condition` holds. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(condition()).toBe(true);
}

test('inspect of a SlackPostError shows the safe fields', () => {
  const error = new SlackPostError({
    owner: 'SlackListener',
    circuit: 'payments',
    transition: 'closed->open',
    code: 'invalid_auth',
    reason: 'bad token',
  });
  expect(inspect(error)).toContain("code: 'invalid_auth'");
  expect(JSON.parse(JSON.stringify(error))).toEqual({
    name: 'SlackPostError',
    code: 'invalid_auth',
    circuit: 'payments',
    transition: 'closed->open',
  });
});
