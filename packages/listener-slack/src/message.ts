import type { Signal } from '@fluxgate/core';
import type { KnownBlock, MessageAttachment } from '@slack/web-api';
import { explainSignal } from './explain-metrics';
import { escapeMrkdwn, slackDate } from './slack-text';
import type { SlackTemplate } from './templates';

/**
 * The content of one post, as given to `chat.postMessage` (the listener adds `channel` and the
 * thread fields). `text` is what notifications and screen readers show; `attachments` hold the
 * coloured card.
 *
 * @example
 * ```ts
 * const message: SlackMessage = {
 *   text: '🚨 Circuit Breaker Triggered: payments closed → open',
 *   attachments: [{ color: '#FF4C4C', blocks: [] }],
 * };
 * ```
 */
export interface SlackMessage {
  /** Notification text (mrkdwn): what notifications, search and screen readers show. */
  text: string;
  /** The coloured card(s). */
  attachments?: MessageAttachment[];
  /** Top-level Block Kit blocks, for a custom layout without the coloured bar. */
  blocks?: KnownBlock[];
}

function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: `*${label}:*\n${value}` };
}

/**
 * Builds the default message for a transition: a card with the template's colour, the title,
 * fields for the circuit, `old → new`, the time (in each reader's time zone) and the
 * description, then why it moved, read from the signal's metrics.
 *
 * @example
 * ```ts
 * const message = buildMessage('payments', signal, DEFAULT_TEMPLATES['closed->open']);
 * await client.chat.postMessage({ channel: 'C0123456789', ...message });
 * ```
 */
export function buildMessage(name: string, signal: Signal, template: SlackTemplate): SlackMessage {
  const circuit = escapeMrkdwn(name);
  const title = escapeMrkdwn(template.title);
  const transition = `${signal.oldState} → ${signal.newState}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } },
    {
      type: 'section',
      fields: [
        field('Circuit Breaker', circuit),
        field('State Transition', transition),
        field('Transition Time', slackDate(signal.timestamp)),
        field('Description', escapeMrkdwn(template.description)),
      ],
    },
  ];
  const why = explainSignal(signal);
  if (why !== null) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${why.label}:*\n${why.text}` },
    });
  }
  const text = `${title}: ${circuit} ${transition}`;
  return { text, attachments: [{ color: template.color, fallback: text, blocks }] };
}
