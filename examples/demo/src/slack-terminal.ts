// The demo's Slack: the repository's stand-in for Slack's Web API (the real @slack/web-api
// client posts to it with `slackApiUrl`), printing each message and its thread in the terminal.
import { randomUUID } from 'node:crypto';
import { SlackStandIn } from '@fluxgate/slack-stand-in';

/** A `chat.postMessage` request as the client sends it (form fields, JSON ones decoded). */
export type PostBody = Record<string, unknown>;

function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/\*/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The mrkdwn texts of a message's card, after its title section. */
function cardDetails(body: PostBody): string[] {
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  const blocks = (attachments[0] as { blocks?: unknown } | undefined)?.blocks;
  if (!Array.isArray(blocks)) return [];
  return blocks
    .slice(1)
    .map((block) => (block as { text?: { text?: unknown } }).text?.text)
    .filter((text): text is string => typeof text === 'string')
    .map(plainText);
}

/** Where a post landed: its number among the stand-in's posts, and the post it replies to. */
export interface Placement {
  readonly number: number;
  /** The number of the thread's first post, or null for a top-level post. */
  readonly replyTo: number | null;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The terminal lines for one post: where it went, its text, and the details of its card. */
export function describePost(body: PostBody, placement: Placement): string[] {
  const text = plainText(String(body.text ?? ''));
  const channel = String(body.channel ?? '?');
  let where = `${channel} message ${placement.number}`;
  if (placement.replyTo !== null) {
    where += `, reply to ${placement.replyTo}`;
    if (isTrue(body.reply_broadcast)) where += ' (also sent to the channel)';
  }
  return [`${where}: ${text}`, ...cardDetails(body).map((detail) => `  ${detail}`)];
}

/** The token the demo's client sends; the stand-in refuses any other, as Slack would. */
export const DEMO_TOKEN = `xoxb-demo-${randomUUID()}`;

/**
 * Starts the repository's Slack stand-in for the demo: it accepts only {@link DEMO_TOKEN} and
 * hands every accepted post to `print` as terminal lines, numbered, with the post it replies to
 * (and that placement itself, for a caller that counts threads).
 */
export function startSlack(
  print: (lines: string[], placement: Placement) => void,
): Promise<SlackStandIn> {
  /** The number of each top-level post, by its ts. */
  const numbers = new Map<string, number>();
  let posts = 0;
  return SlackStandIn.start({
    token: DEMO_TOKEN,
    onPost: ({ body, ts }) => {
      posts++;
      const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
      if (threadTs === undefined && ts !== undefined) numbers.set(ts, posts);
      const replyTo = threadTs === undefined ? null : (numbers.get(threadTs) ?? 0);
      const placement = { number: posts, replyTo };
      print(describePost(body, placement), placement);
    },
  });
}
