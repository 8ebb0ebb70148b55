import type { Signal } from '@fluxgate/core';
import { checkOptions, describeValue, STATES } from '@fluxgate/core';
import type { WebClient } from '@slack/web-api';
import type { SlackTemplate, SlackTemplates } from './templates';

/**
 * Options of {@link AsyncSlackListener} (and, with `onError`, of {@link SlackListener}).
 *
 * @example
 * ```ts
 * const options: AsyncSlackListenerOptions = {
 *   name: 'payments',
 *   channel: process.env.SLACK_CHANNEL!, // a channel id such as C0123456789
 *   token: process.env.SLACK_BOT_TOKEN!, // xoxb-...
 * };
 * ```
 */
export interface AsyncSlackListenerOptions {
  /** The circuit's name, shown in every post. */
  name: string;
  /** The channel id (`C0123456789`), or a name such as `#alerts`; the id survives renames. */
  channel: string;
  /**
   * The bot token (`xoxb-...`) with the `chat:write` scope; read it from the environment.
   * Required unless `client` is given: a ready client posts with its own token, and `token` is
   * then not used.
   */
  token?: string | undefined;
  /**
   * A ready `WebClient` (for a proxy, another API URL, tests, your own retry policy), used as
   * is. {@link createSlackClient} builds one with this package's quick-retry settings.
   */
  client?: WebClient | undefined;
  /** Replacements per transition, keyed `'<old>-><new>'`; an entry may give only some fields. */
  templates?: SlackTemplates | undefined;
  /** Replaces (some fields of) the template used for transitions without their own. */
  fallbackTemplate?: Partial<SlackTemplate> | undefined;
  /**
   * Longest wait (ms) for Slack to answer one `chat.postMessage` call, the client's own retries
   * included; the post is then reported (`post_timeout`) and the next one goes out. It holds
   * whatever client is used, also one with no timeout of its own. Default 10 000.
   */
  postTimeout?: number | undefined;
}

/**
 * Options of {@link SlackListener}: those of {@link AsyncSlackListenerOptions} and `onError`.
 *
 * @example
 * ```ts
 * const options: SlackListenerOptions = {
 *   name: 'payments',
 *   channel: process.env.SLACK_CHANNEL!,
 *   token: process.env.SLACK_BOT_TOKEN!,
 *   onError: (error) => logger.warn(String(error)),
 * };
 * ```
 */
export interface SlackListenerOptions extends AsyncSlackListenerOptions {
  /**
   * Receives every failed post (a {@link SlackPostError}) with the signal it was for. The post
   * runs after `notify` has returned, so it cannot reach the breaker's `onListenerError`.
   * Default: one line on `console.error`. A handler that throws, or returns a promise that
   * rejects, is reported the same way (its own fault and the post's), never left unhandled.
   */
  onError?: ((error: unknown, signal: Signal) => unknown) | undefined;
}

/** The checked options a listener works with. */
export interface ResolvedOptions {
  readonly name: string;
  readonly channel: string;
  readonly token: string | undefined;
  readonly client: WebClient | undefined;
  readonly templates: SlackTemplates;
  readonly fallbackTemplate: Partial<SlackTemplate>;
  readonly postTimeout: number;
  /** Every option as read (once), for those only one listener takes, e.g. `onError`. */
  readonly read: Readonly<Record<string, unknown>>;
}

/** Default of {@link AsyncSlackListenerOptions.postTimeout}, in ms. */
export const DEFAULT_POST_TIMEOUT = 10_000;

/** The option names both listeners take; `SlackListener` takes `onError` as well. */
export const OPTION_NAMES: readonly string[] = Object.freeze([
  'name',
  'channel',
  'token',
  'client',
  'templates',
  'fallbackTemplate',
  'postTimeout',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(owner: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(
      `${owner}: ${option} must be a non-empty string, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Checks the token without ever putting its value in the message. */
function checkToken(owner: string, value: unknown, hasClient: boolean): string | undefined {
  if (value === undefined && hasClient) return undefined;
  if (typeof value !== 'string') {
    const got = value === undefined || value === null ? String(value) : typeof value;
    throw new TypeError(
      `${owner}: token must be a non-empty string (a bot token, xoxb-...) unless a client is ` +
        `given, got ${got}`,
    );
  }
  if (value.trim() === '') {
    throw new TypeError(`${owner}: token must be a non-empty string, got an empty string`);
  }
  return value;
}

function checkClient(owner: string, value: unknown): WebClient | undefined {
  if (value === undefined) return undefined;
  const chat = isRecord(value) ? value.chat : undefined;
  if (!isRecord(chat) || typeof chat.postMessage !== 'function') {
    throw new TypeError(
      `${owner}: client must be a WebClient from @slack/web-api (with chat.postMessage), ` +
        `got ${describeValue(value)}`,
    );
  }
  return value as unknown as WebClient;
}

function checkTemplate(owner: string, option: string, value: unknown): Partial<SlackTemplate> {
  if (!isRecord(value)) {
    throw new TypeError(
      `${owner}: ${option} must be an object with title, color or description, got ${describeValue(value)}`,
    );
  }
  for (const [field, text] of Object.entries(value)) {
    if (field !== 'title' && field !== 'color' && field !== 'description') {
      throw new TypeError(
        `${owner}: ${option} may only have title, color and description, got ${describeValue(field)}`,
      );
    }
    if (text !== undefined) nonEmptyString(owner, `${option}.${field}`, text);
  }
  return value as Partial<SlackTemplate>;
}

function checkTemplates(owner: string, value: unknown): SlackTemplates {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    throw new TypeError(`${owner}: templates must be an object, got ${describeValue(value)}`);
  }
  const states = STATES as readonly string[];
  for (const [key, template] of Object.entries(value)) {
    const [from, to, extra] = key.split('->');
    if (extra !== undefined || !states.includes(from ?? '') || !states.includes(to ?? '')) {
      throw new TypeError(
        `${owner}: templates keys must be '<old>-><new>' with states from ${states.join(', ')} ` +
          `(e.g. 'closed->open'), got ${describeValue(key)}`,
      );
    }
    if (template !== undefined) checkTemplate(owner, `templates['${key}']`, template);
  }
  return value as SlackTemplates;
}

function checkPostTimeout(owner: string, value: unknown): number {
  if (value === undefined) return DEFAULT_POST_TIMEOUT;
  if (typeof value !== 'number' || !(value > 0) || value > 2 ** 31 - 1) {
    const error = `${owner}: postTimeout must be a number of ms in (0, ${2 ** 31 - 1}], got ${describeValue(value)}`;
    throw typeof value === 'number' ? new RangeError(error) : new TypeError(error);
  }
  return value;
}

/**
 * Validates the options every Slack listener shares; `owner` names the class in messages and
 * `names` are the option names it takes.
 */
export function resolveOptions(
  owner: string,
  options: unknown,
  names: readonly string[] = OPTION_NAMES,
): ResolvedOptions {
  const read: Readonly<Record<string, unknown>> = checkOptions(
    owner,
    'options',
    options,
    names,
    'an object with name, channel and token',
  );
  const name = nonEmptyString(owner, 'name', read.name);
  const channel = nonEmptyString(owner, 'channel', read.channel);
  const client = checkClient(owner, read.client);
  const token = checkToken(owner, read.token, client !== undefined);
  const templates = checkTemplates(owner, read.templates);
  const fallbackTemplate =
    read.fallbackTemplate === undefined
      ? {}
      : checkTemplate(owner, 'fallbackTemplate', read.fallbackTemplate);
  const postTimeout = checkPostTimeout(owner, read.postTimeout);
  return { name, channel, token, client, templates, fallbackTemplate, postTimeout, read };
}
