import type { Signal } from '@fluxgate/core';
import type { SlackMessage } from './message';
import type { ResolvedOptions } from './options';
import { createSlackClient } from './slack-client';
import { SlackPoster } from './slack-poster';

/** Builds the poster both listeners share, with the client the options ask for. */
export function createPoster(
  owner: string,
  options: ResolvedOptions,
  render: (signal: Signal) => SlackMessage,
): SlackPoster {
  const client = options.client ?? createSlackClient(options.token!);
  const clientToken = (client as { token?: unknown }).token;
  return new SlackPoster({
    owner,
    name: options.name,
    channel: options.channel,
    client,
    secret: options.token ?? (typeof clientToken === 'string' ? clientToken : undefined),
    postTimeout: options.postTimeout,
    render,
  });
}
