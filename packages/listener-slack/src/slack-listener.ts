import { Listener, type Signal } from '@fluxgate/core';
import { createPoster } from './create-poster';
import { buildMessage, type SlackMessage } from './message';
import { resolveOptions, type SlackListenerOptions } from './options';
import { SlackPostError } from './slack-post-error';
import type { SlackPoster } from './slack-poster';
import { type SlackTemplate, TemplateSet, transitionKey } from './templates';

const OWNER = 'SlackListener';

function defaultOnError(error: unknown, signal: Signal): void {
  const text = SlackPostError.isInstance(error)
    ? error.message
    : `${OWNER} failed to post ${transitionKey(signal)}: ${
        error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      }`;
  console.error(`[fluxgate] ${text}`);
}

/**
 * Posts a circuit's transitions to a Slack channel, one thread per failure cycle, for the
 * synchronous `CircuitBreaker` (it also works with `AsyncCircuitBreaker`). `notify` returns at
 * once; the posts go out in the background, in order. A failed post never reaches the breaker:
 * it goes to `onError` as a {@link SlackPostError} and the next post goes out as usual.
 *
 * Change the wording per transition with the `templates` option, or subclass and override
 * {@link SlackListener.template} / {@link SlackListener.message}.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({
 *   listeners: [
 *     new SlackListener({
 *       name: 'payments',
 *       channel: process.env.SLACK_CHANNEL!,
 *       token: process.env.SLACK_BOT_TOKEN!,
 *     }),
 *   ],
 * });
 * ```
 */
export class SlackListener extends Listener {
  /** The circuit's name, as shown in posts. */
  readonly name: string;
  /** The channel posts go to. */
  readonly channel: string;
  readonly #templates: TemplateSet;
  readonly #onError: (error: unknown, signal: Signal) => void;
  readonly #poster: SlackPoster;

  constructor(options: SlackListenerOptions) {
    super();
    const resolved = resolveOptions(OWNER, options);
    const onError = options.onError ?? defaultOnError;
    if (typeof onError !== 'function') {
      throw new TypeError(`${OWNER}: onError must be a function, got ${typeof onError}`);
    }
    this.name = resolved.name;
    this.channel = resolved.channel;
    this.#onError = onError;
    this.#templates = new TemplateSet(resolved.templates, resolved.fallbackTemplate);
    this.#poster = createPoster(OWNER, resolved, (signal) =>
      this.message(signal, this.template(signal)),
    );
  }

  /** Queues the post for `signal` and returns at once. */
  notify(signal: Signal): void {
    this.#poster.post(signal).catch((error: unknown) => this.#report(error, signal));
  }

  /**
   * Binds the listener to its breaker. A Slack thread follows one circuit's failure cycle, so a
   * listener serves one breaker: giving it to a second one is a `TypeError` from the breaker.
   */
  override attach(): void {}

  /**
   * Settles once every queued post is done (posted or reported): before a process exits, or in
   * tests.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', async () => { await slack.flush(); process.exit(0); });
   * ```
   */
  flush(): Promise<void> {
    return this.#poster.flush();
  }

  /**
   * The template for a transition: the `templates` option, then the defaults, then the
   * fallback. Override it to pick templates another way (e.g. by language).
   *
   * @example
   * ```ts
   * class GermanSlackListener extends SlackListener {
   *   protected override template(signal: Signal): SlackTemplate {
   *     return signal.newState === 'open'
   *       ? { title: '🚨 Circuit-Breaker ausgelöst', color: '#FF4C4C', description: 'Zu viele Fehler.' }
   *       : super.template(signal);
   *   }
   * }
   * ```
   */
  protected template(signal: Signal): SlackTemplate {
    return this.#templates.for(signal);
  }

  /**
   * The message for a transition: the coloured card with title, circuit, `old → new`, time,
   * description and why it moved, plus the notification text. Override it for another layout.
   *
   * @example
   * ```ts
   * class TerseSlackListener extends SlackListener {
   *   protected override message(signal: Signal, template: SlackTemplate): SlackMessage {
   *     return { text: `${template.title}: ${this.name} is ${signal.newState}` };
   *   }
   * }
   * ```
   */
  protected message(signal: Signal, template: SlackTemplate): SlackMessage {
    return buildMessage(this.name, signal, template);
  }

  #report(error: unknown, signal: Signal): void {
    try {
      this.#onError(error, signal);
    } catch {
      defaultOnError(error, signal);
    }
  }
}
