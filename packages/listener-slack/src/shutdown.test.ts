// A Slack that accepts connections and never answers: each post gives up after postTimeout
// (also with a client that has no timeout of its own), and close() abandons what is queued and
// in flight at once, reporting each post.
import { AsyncCircuitBreaker, type Signal } from '@fluxgate/core';
import { SlackStandIn } from '@fluxgate/slack-stand-in';
import { AsyncSlackListener } from './async-slack-listener';
import { SlackListener } from './slack-listener';
import { SlackPostError } from './slack-post-error';
import { signal } from './testing/signals';
import { standInClient } from './testing/stand-in-client';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
  slack.always('hang');
});
afterEach(async () => {
  await slack.close();
});

/** Waits until the stand-in has received `count` requests (it records them on arrival). */
async function received(count: number): Promise<void> {
  while (slack.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 2));
}

function syncListener(extra: Record<string, unknown> = {}) {
  const errors: { error: unknown; signal: Signal }[] = [];
  const listener = new SlackListener({
    name: 'payments',
    channel: 'C1',
    // No timeout and no retries of the client's own: only the listener bounds the wait.
    client: standInClient(slack, { timeout: 0, retryConfig: { retries: 0 } }),
    onError: (error, s) => errors.push({ error, signal: s }),
    ...extra,
  });
  return { listener, errors };
}

const codes = (errors: { error: unknown }[]) =>
  errors.map(({ error }) => (SlackPostError.isInstance(error) ? error.code : String(error)));

describe('postTimeout', () => {
  test('a post Slack never answers is reported as post_timeout and the next one goes out', async () => {
    const { listener, errors } = syncListener({ postTimeout: 30 });
    listener.notify(signal('closed', 'open'));
    listener.notify(signal('open', 'half_open'));
    await listener.flush();
    expect(codes(errors)).toEqual(['post_timeout', 'post_timeout']);
    expect(slack.requests).toHaveLength(2);
    expect(String((errors[0]!.error as Error).message)).toBe(
      "SlackListener 'payments' could not post closed->open to Slack: post_timeout " +
        '(Slack did not answer within 30 ms)',
    );
  });
});

describe('close()', () => {
  test('SlackListener: abandons the queued posts and the one in flight, each reported', async () => {
    const { listener, errors } = syncListener();
    listener.notify(signal('closed', 'open'));
    listener.notify(signal('open', 'half_open'));
    listener.notify(signal('half_open', 'closed'));
    await received(1);

    await listener.close();
    await new Promise((resolve) => setImmediate(resolve));

    expect(codes(errors)).toEqual(['listener_closed', 'listener_closed', 'listener_closed']);
    expect(errors.map((e) => e.signal.newState).sort()).toEqual(['closed', 'half_open', 'open']);
    expect(slack.requests).toHaveLength(1);

    // Later signals are reported, not posted; closing again is harmless.
    listener.notify(signal('closed', 'forced_open'));
    await listener.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(codes(errors)).toHaveLength(4);
    expect(slack.requests).toHaveLength(1);
  });

  test('AsyncSlackListener: the abandoned posts reach the breaker as listener_closed', async () => {
    const faults: unknown[] = [];
    const listener = new AsyncSlackListener({
      name: 'payments',
      channel: 'C1',
      client: standInClient(slack, { timeout: 0, retryConfig: { retries: 0 } }),
    });
    const breaker = new AsyncCircuitBreaker({
      listeners: [listener],
      onListenerError: (error) => faults.push(error),
    });
    // An awaited control waits for its delivery, which Slack never answers: not awaited here.
    const controls = [breaker.forceOpen(), breaker.reset()];
    await received(1);

    await listener.close();
    await Promise.all(controls);
    await breaker.flush();

    expect(codes(faults.map((error) => ({ error })))).toEqual([
      'listener_closed',
      'listener_closed',
    ]);
    await expect(listener.notify(signal('closed', 'open'))).rejects.toMatchObject({
      code: 'listener_closed',
    });
  });
});

describe("signals made elsewhere ('fleet')", () => {
  test('are not posted by either listener', async () => {
    slack.always('ok');
    const { listener, errors } = syncListener();
    listener.notify(signal('closed', 'open', { origin: 'fleet' }));
    listener.notify(signal('closed', 'open'));
    await listener.flush();
    const asyncListener = new AsyncSlackListener({
      name: 'payments',
      channel: 'C1',
      client: standInClient(slack),
    });
    await asyncListener.notify(signal('open', 'half_open', { origin: 'fleet' }));
    await asyncListener.notify(signal('open', 'half_open'));

    expect(errors).toEqual([]);
    expect(slack.posted.map((r) => String(r.body.text))).toEqual([
      expect.stringContaining('closed → open'),
      expect.stringContaining('open → half_open'),
    ]);
  });

  test("a fleet recovery ends this instance's thread, so its next incident starts a new one", async () => {
    slack.always('ok');
    const { listener, errors } = syncListener();
    listener.notify(signal('closed', 'open'));
    listener.notify(signal('open', 'half_open', { origin: 'fleet' }));
    listener.notify(signal('half_open', 'closed', { origin: 'fleet' }));
    listener.notify(signal('closed', 'open'));
    await listener.flush();

    expect(errors).toEqual([]);
    expect(slack.posted).toHaveLength(2);
    // Both are top-level: the second incident does not reply in the first one's thread.
    expect(slack.posted.map((r) => r.body.thread_ts)).toEqual([undefined, undefined]);
  });
});
