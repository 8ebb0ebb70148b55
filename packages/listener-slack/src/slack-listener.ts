import { type BreakerView, describeValue, Listener, type Signal } from '@fluxgate/core';
import { createPoster } from './create-poster';
import { type ErrorHandler, printFailure, report } from './failure-report';
import { buildMessage, type SlackMessage } from './message';
import { OPTION_NAMES, resolveOptions, type SlackListenerOptions } from './options';
import type { SlackPoster } from './slack-poster';
import { type SlackTemplate, TemplateSet } from './templates';

const OWNER = 'SlackListener';
const NAMES: readonly string[] = Object.freeze([...OPTION_NAMES, 'onError']);

/**
 * Posts a circuit's transitions to a Slack channel, one thread per failure cycle, for the
 * synchronous `CircuitBreaker` (it also works with `AsyncCircuitBreaker`). `notify` returns at
 * once; the posts go out in the background, in order. A failed post never reaches the breaker:
 * it goes to `onError` as a {@link SlackPostError} and the next post goes out as usual.
 *
 * It posts only the transitions this instance made (`signal.origin === 'local'`): with a
 * shared store the instance that made a transition posts it, and the thread's ts is kept in
 * the circuit's shared annotations, so every instance replies in it: an incident is one thread.
 * `close()` abandons the posts still queued or in flight (each reported as `listener_closed`).
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
  readonly #onError: ErrorHandler;
  readonly #poster: SlackPoster;

  /**
   * @throws TypeError or RangeError naming the option when the options are invalid or unknown.
   *
   * @example
   * ```ts
   * const slack = new SlackListener({ name: 'payments', channel: 'C0123456789', token });
   * ```
   */
  constructor(options: SlackListenerOptions) {
    super();
    const resolved = resolveOptions(OWNER, options, NAMES);
    const onError = (resolved.read.onError ?? printFailure(OWNER)) as ErrorHandler;
    if (typeof onError !== 'function') {
      throw new TypeError(`${OWNER}: onError must be a function, got ${describeValue(onError)}`);
    }
    this.name = resolved.name;
    this.channel = resolved.channel;
    this.#onError = onError;
    this.#templates = new TemplateSet(resolved.templates, resolved.fallbackTemplate);
    this.#poster = createPoster(OWNER, resolved, (signal) =>
      this.message(signal, this.template(signal)),
    );
  }

  /**
   * Queues the post for a `'local'` `signal` and returns at once. `'fleet'` ones are not posted;
   * a fleet-wide recovery only ends this listener's thread.
   */
  notify(signal: Signal): void {
    this.#poster
      .post(signal)
      .catch((error: unknown) => report(this.#onError, OWNER, error, signal));
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
   * Shuts the listener down without waiting for Slack: every post still queued and the one in
   * flight are abandoned, each reported to `onError` as a `listener_closed` SlackPostError, and
   * later signals are reported the same way instead of posted. Settles at once; idempotent.
   * `breaker.close()` calls it.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', async () => { await slack.close(); process.exit(0); });
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
}
