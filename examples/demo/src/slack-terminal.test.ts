import { WebClient } from '@slack/web-api';
import { DEMO_TOKEN, describePost, startSlack } from './slack-terminal';

describe('describePost', () => {
  const card = {
    attachments: [
      {
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: '*Title*' } },
          { type: 'section', fields: [] },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: '*Why:*\n5 of 5 calls failed &amp; more' },
          },
        ],
      },
    ],
  };

  it('shows a top-level post with its number and the details of its card', () => {
    expect(
      describePost({ channel: '#a', text: '*Tripped*', ...card }, { number: 1, replyTo: null }),
    ).toEqual(['#a message 1: Tripped', '  Why: 5 of 5 calls failed & more']);
  });

  it('shows a reply, and whether it was also sent to the channel', () => {
    expect(
      describePost(
        { channel: '#a', text: 'ok', thread_ts: '1.1', reply_broadcast: 'true' },
        { number: 3, replyTo: 1 },
      ),
    ).toEqual(['#a message 3, reply to 1 (also sent to the channel): ok']);
  });
});

describe('startSlack', () => {
  it('answers the real client like Slack, keeping threads, and prints each post', async () => {
    const printed: string[][] = [];
    const standIn = await startSlack((lines) => printed.push(lines));
    try {
      const client = new WebClient(DEMO_TOKEN, { slackApiUrl: standIn.url });
      const first = await client.chat.postMessage({ channel: '#a', text: 'open' });
      expect(first.ok).toBe(true);
      await client.chat.postMessage({ channel: '#a', text: 'closed', thread_ts: first.ts! });
      expect(printed).toEqual([['#a message 1: open'], ['#a message 2, reply to 1: closed']]);
      expect(standIn.accepted).toBe(2);
    } finally {
      await standIn.close();
    }
  });

  it('refuses another token with invalid_auth, as Slack does', async () => {
    const standIn = await startSlack(() => {});
    try {
      const client = new WebClient('xoxb-wrong', { slackApiUrl: standIn.url });
      await expect(client.chat.postMessage({ channel: '#a', text: 'x' })).rejects.toMatchObject({
        data: { error: 'invalid_auth' },
      });
      expect(standIn.accepted).toBe(0);
    } finally {
      await standIn.close();
    }
  });
});
