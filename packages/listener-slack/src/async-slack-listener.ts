import { AsyncListener, type BreakerView, type Signal } from '@fluxgate/core';
import { createPoster } from './create-poster';
import { buildMessage, type SlackMessage } from './message';
import { type AsyncSlackListenerOptions, resolveOptions } from './options';
import type { SlackPoster } from './slack-poster';
import { type SlackTemplate, TemplateSet } from './templates';

const OWNER = 'AsyncSlackListener';

/**
 * Posts a circuit's transitions to a Slack channel, one thread per failure cycle, for
 * `AsyncCircuitBreaker`. `notify` returns the post's promise: the breaker never makes callers
 * wait for it, delivers signals in order, and passes a failed post (a {@link SlackPostError})
 * to its `onListenerError`; `breaker.flush()` waits for the posts.
 *
 * It posts only the transitions this instance made (`signal.origin === 'local'`): with a
 * shared store the instance that made a transition posts it, and the thread's ts is kept in
 * the circuit's shared annotations, so every instance replies in it: an incident is one thread.
 * `close()` abandons the posts still queued or in flight (each rejected as `listener_closed`).
 *
 * Change the wording per transition with the `templates` option, or subclass and override
 * {@link AsyncSlackListener.template} / {@link AsyncSlackListener.message}.
 *
 * @example
 * ```ts
 * const breaker = new AsyncCircuitBreaker({
 *   listeners: [
 *     new AsyncSlackListener({
 *       name: 'payments',
 *       channel: process.env.SLACK_CHANNEL!,
 *       token: process.env.SLACK_BOT_TOKEN!,
 *     }),
 *   ],
 *   onListenerError: (error) => logger.warn(String(error)),
 * });
 * ```
 */
export class AsyncSlackListener extends AsyncListener {
  /** The circuit's name, as shown in posts. */
  readonly name: string;
  /** The channel posts go to. */
  readonly channel: string;
  readonly #templates: TemplateSet;
  readonly #poster: SlackPoster;

  /**
   * @throws TypeError or RangeError naming the option when the options are invalid or unknown.
   *
   * @example
   * ```ts
   * const slack = new AsyncSlackListener({ name: 'payments', channel: 'C0123456789', token });
   * ```
   */
  constructor(options: AsyncSlackListenerOptions) {
    super();
    if (typeof options === 'object' && options !== null && 'onError' in options) {
      throw new TypeError(
        `${OWNER}: onError is not an option; a failed post rejects notify's promise, so it ` +
          "reaches the breaker's onListenerError",
      );
    }
    const resolved = resolveOptions(OWNER, options);
    this.name = resolved.name;
    this.channel = resolved.channel;
    this.#templates = new TemplateSet(resolved.templates, resolved.fallbackTemplate);
    this.#poster = createPoster(OWNER, resolved, (signal) =>
      this.message(signal, this.template(signal)),
    );
  }

  /**
   * Posts a `'local'` `signal` after the posts before it; rejects with a SlackPostError when it
   * fails. A `'fleet'` signal is not posted; a fleet-wide recovery only ends this listener's
   * thread (in order with the posts before it).
   */
  notify(signal: Signal): Promise<void> {
    return this.#poster.post(signal);
  }

  /**
   * Binds the listener to its breaker. A Slack thread follows one circuit's failure cycle, so a
   * listener serves one breaker: giving it to a second one is a `TypeError` from the breaker.
   * When the breaker's annotations are shared fleet-wide (a `store` that keeps them), the
   * cycle's thread is kept there, so every instance replies in the one thread of an incident.
   */
  override attach(breaker: BreakerView): void {
    this.#poster.share(breaker?.annotations);
  }

  /**
   * Settles once every queued post is done (`breaker.flush()` does the same for all listeners).
   *
   * @example
   * ```ts
   * await slack.flush();
   * ```
   */
  flush(): Promise<void> {
    return this.#poster.flush();
  }

  /**
   * Shuts the listener down without waiting for Slack: every post still queued and the one in
   * flight are abandoned, their promises rejected with a `listener_closed` SlackPostError (so
   * the breaker reports them to `onListenerError`), and later signals are refused the same
   * way. Settles at once; idempotent. `breaker.close()` calls it.
   *
   * @example
   * ```ts
   * await slack.close();
   * ```
   */
  close(): Promise<void> {
    return this.#poster.close();
  }

  /**
   * The template for a transition: the `templates` option, then the defaults, then the
   * fallback. Override it to pick templates another way (e.g. by language).
   *
   * @example
   * ```ts
   * class GermanSlackListener extends AsyncSlackListener {
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
   * class TerseSlackListener extends AsyncSlackListener {
   *   protected override message(signal: Signal, template: SlackTemplate): SlackMessage {
   *     return { text: `${template.title}: ${this.name} is ${signal.newState}` };
   *   }
   * }
   * ```
   */
  protected message(signal: Signal, template: SlackTemplate): SlackMessage {
    return buildMessage(this.name, signal, template);
  }
}
