import { SlackStandIn } from '@fluxgate/slack-stand-in';
import { unrefFetch } from './unref-fetch';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(async () => {
  await slack.close();
});

const post = (init: RequestInit = {}) =>
  unrefFetch(`${slack.url}chat.postMessage`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer x' },
    body: 'channel=C1&text=hi',
    ...init,
  });

describe('unrefFetch', () => {
  test('sends the method, headers and body, and answers like fetch', async () => {
    const response = await post();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(slack.requests[0]).toMatchObject({
      method: 'chat.postMessage',
      authorization: 'Bearer x',
      body: { channel: 'C1', text: 'hi' },
    });
  });

  test('hands back error statuses and their headers', async () => {
    slack.script({ retryAfter: 7 });
    const response = await post();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  test('a dropped connection rejects', async () => {
    slack.script('close');
    await expect(post()).rejects.toThrow();
  });

  test("the caller's signal aborts a request Slack does not answer", async () => {
    slack.script('hang');
    const controller = new AbortController();
    const pending = post({ signal: controller.signal });
    while (slack.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('bodies it does not send itself go to the global fetch', async () => {
    const response = await unrefFetch(`${slack.url}chat.postMessage`, {
      method: 'POST',
      body: new URLSearchParams({ channel: 'C2' }),
    });
    expect(response.status).toBe(200);
    expect(slack.requests[0]?.body.channel).toBe('C2');
  });
});
