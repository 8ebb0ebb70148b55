import { buildMessage } from './message';
import { escapeMrkdwn, slackDate, utcTime } from './slack-text';
import { DEFAULT_TEMPLATES } from './templates';
import { signal, T0, window } from './testing/signals';

const tripped = DEFAULT_TEMPLATES['closed->open'];

function texts(message: ReturnType<typeof buildMessage>): string[] {
  const blocks = message.attachments?.[0]?.blocks ?? [];
  return blocks.flatMap((block) => {
    const b = block as { text?: { text: string }; fields?: { text: string }[] };
    return [...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)];
  });
}

describe('buildMessage', () => {
  const message = buildMessage(
    'payments',
    signal('closed', 'open', { metrics: window(100, 62) }),
    tripped,
  );

  test('one attachment in the template colour, with a plain fallback', () => {
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments?.[0]?.color).toBe('#FF4C4C');
    expect(message.attachments?.[0]?.fallback).toBe(message.text);
  });

  test('the notification text names title, circuit and transition', () => {
    expect(message.text).toBe('🚨 Circuit Breaker Triggered: payments closed → open');
  });

  test('title, fields and why it tripped', () => {
    expect(texts(message)).toEqual([
      '*🚨 Circuit Breaker Triggered*',
      '*Circuit Breaker:*\npayments',
      '*State Transition:*\nclosed → open',
      `*Transition Time:*\n<!date^${T0 / 1000}^{date_short_pretty} {time_secs}|2023-11-14 22:13:20 UTC>`,
      `*Description:*\n${tripped.description}`,
      '*Why it tripped:*\n62% of 100 calls failed',
    ]);
  });

  test('no why section when the window was empty', () => {
    const recovering = buildMessage('payments', signal('open', 'half_open'), tripped);
    expect(texts(recovering).some((text) => text.includes('Why'))).toBe(false);
    expect(texts(recovering)).toHaveLength(5);
  });

  test('user text cannot inject mentions or links', () => {
    const hostile = buildMessage('<!channel> & co', signal('closed', 'open'), {
      ...tripped,
      title: '<https://evil.example|click>',
    });
    expect(hostile.text).toBe(
      '&lt;https://evil.example|click&gt;: &lt;!channel&gt; &amp; co closed → open',
    );
    expect(texts(hostile).join('\n')).not.toContain('<!channel>');
  });
});

describe('Slack text helpers', () => {
  test('escapeMrkdwn escapes &, < and >', () => {
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });

  test.each([8.64e15 + 1, -8.64e15 - 1, 1e300, Number.NaN, Number.POSITIVE_INFINITY])(
    'a time no Date can hold (%p) reads "unknown time" instead of throwing',
    (t) => {
      expect(utcTime(t)).toBe('unknown time');
      expect(slackDate(t)).toBe('unknown time');
    },
  );

  test('slackDate rounds down to whole seconds and keeps a UTC fallback', () => {
    expect(slackDate(T0 + 999)).toBe(
      '<!date^1700000000^{date_short_pretty} {time_secs}|2023-11-14 22:13:20 UTC>',
    );
    expect(utcTime(0)).toBe('1970-01-01 00:00:00 UTC');
  });
});
