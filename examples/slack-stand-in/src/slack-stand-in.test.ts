import { SlackStandIn } from './slack-stand-in';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(async () => {
  await slack.close();
});

async function post(body: string, contentType: string) {
  const response = await fetch(`${slack.url}chat.postMessage`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: 'Bearer xoxb-x' },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('SlackStandIn', () => {
  test('listens on loopback and answers posts with growing ts', async () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const first = await post('channel=C1&text=a', 'application/x-www-form-urlencoded');
    const second = await post('channel=C1&text=b', 'application/x-www-form-urlencoded');
    expect(first).toMatchObject({ status: 200, json: { ok: true, channel: 'C1' } });
    expect(Number(second.json.ts)).toBeGreaterThan(Number(first.json.ts));
    expect(slack.posted.map((r) => r.body.text)).toEqual(['a', 'b']);
  });

  test('parses JSON bodies and JSON-valued form fields', async () => {
    await post(
      JSON.stringify({ channel: 'C1', text: 'j', attachments: [{ color: '#fff' }] }),
      'application/json',
    );
    await post(
      `channel=C1&attachments=${encodeURIComponent('[{"color":"#000"}]')}`,
      'application/x-www-form-urlencoded',
    );
    expect(slack.requests.map((r) => r.body.attachments)).toEqual([
      [{ color: '#fff' }],
      [{ color: '#000' }],
    ]);
    expect(slack.requests[0]?.authorization).toBe('Bearer xoxb-x');
  });

  test('scripted replies come first, then the lasting one', async () => {
    slack.script({ error: 'invalid_auth' }, { status: 500 }).always({ retryAfter: 3 });
    const form = 'application/x-www-form-urlencoded';
    expect((await post('channel=C1', form)).json).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await post('channel=C1', form)).status).toBe(500);
    const limited = await fetch(`${slack.url}chat.postMessage`, { method: 'POST', body: 'x=1' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    await limited.text();
    expect(slack.posted).toEqual([]);
  });

  test('received(n) resolves once n requests arrived, hanging ones included', async () => {
    slack.always('hang');
    await slack.received(0);
    let second = false;
    const two = slack.received(2).then(() => {
      second = true;
    });
    const controller = new AbortController();
    const send = () =>
      fetch(`${slack.url}chat.postMessage`, {
        method: 'POST',
        body: 'x=1',
        signal: controller.signal,
      }).catch(() => undefined);
    const first = send();
    await slack.received(1);
    expect(slack.requests).toHaveLength(1);
    expect(second).toBe(false);
    const next = send();
    await two;
    expect(slack.requests.map((request) => request.reply)).toEqual(['hang', 'hang']);
    controller.abort();
    await Promise.all([first, next]);
  });
});

describe('SlackStandIn options', () => {
  test('with a token, other tokens are refused with invalid_auth; onPost sees accepted posts', async () => {
    const seen: unknown[] = [];
    const guarded = await SlackStandIn.start({
      token: 'xoxb-right',
      onPost: (request) => seen.push(request.body.text),
    });
    try {
      const send = (token: string, text: string) =>
        fetch(`${guarded.url}chat.postMessage`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Bearer ${token}`,
          },
          body: `channel=C1&text=${text}`,
        }).then((r) => r.json());
      expect(await send('xoxb-wrong', 'no')).toEqual({ ok: false, error: 'invalid_auth' });
      expect(await send('xoxb-right', 'yes')).toMatchObject({ ok: true });
      expect(seen).toEqual(['yes']);
      expect(guarded.accepted).toBe(1);
      expect(guarded.requests.map((r) => [r.url, r.raw])).toEqual([
        ['/api/chat.postMessage', 'channel=C1&text=no'],
        ['/api/chat.postMessage', 'channel=C1&text=yes'],
      ]);
    } finally {
      await guarded.close();
    }
  });

  test('a lasting reply can be given at start', async () => {
    const down = await SlackStandIn.start({ reply: { status: 503 } });
    try {
      const response = await fetch(`${down.url}chat.postMessage`, { method: 'POST', body: 'x=1' });
      expect(response.status).toBe(503);
      await response.text();
    } finally {
      await down.close();
    }
  });
});
