const BRAND = Symbol.for('@fluxgate/listener-slack:SlackPostError');

/**
 * The fields a {@link SlackPostError} is built from; all of them safe to log.
 *
 * @example
 * ```ts
 * const error = new SlackPostError({
 *   owner: 'SlackListener',
 *   circuit: 'payments',
 *   transition: 'closed->open',
 *   code: 'not_in_channel',
 *   reason: 'invite the app to the channel',
 * });
 * ```
 */
export interface SlackPostErrorInit {
  /** Which listener failed, e.g. `SlackListener`. */
  readonly owner: string;
  /** The listener's circuit name. */
  readonly circuit: string;
  /** The transition whose post failed, as `'<old>-><new>'`. */
  readonly transition: string;
  /** Slack's error code or the client's, see {@link SlackPostError.code}. */
  readonly code: string;
  /** What went wrong, in a few words, without the token. */
  readonly reason: string;
  /** The HTTP status Slack answered with, when it answered with an error status. */
  readonly status?: number;
  /** Seconds Slack asked to wait, when it rate-limited the post. */
  readonly retryAfter?: number;
}

/**
 * Why a Slack post failed. Built only from safe fields (the Slack error code, the HTTP status,
 * the circuit and the transition): never from the client's error object, which may carry the
 * request's headers, so it can be logged or serialised without leaking the token.
 *
 * `code` is Slack's own error for platform errors (`invalid_auth`, `not_in_channel`,
 * `channel_not_found`, ...), the `@slack/web-api` code for transport errors
 * (`slack_webapi_http_error`, `slack_webapi_request_error`, `slack_webapi_rate_limited_error`),
 * or one of this package's: `invalid_response` (Slack's answer was not valid JSON),
 * `queue_full` (the post was dropped because 100 were waiting), `post_timeout` (Slack did not
 * answer within the listener's `postTimeout`) and `listener_closed` (the listener was closed
 * before the post went out, or while it was in flight).
 *
 * @example
 * ```ts
 * const breaker = new AsyncCircuitBreaker({
 *   listeners: [slack],
 *   onListenerError: (error) => {
 *     if (SlackPostError.isInstance(error) && error.code === 'invalid_auth') alertOps(error.message);
 *   },
 * });
 * ```
 */
export class SlackPostError extends Error {
  /** Slack's or the client's error code (see the class description). */
  readonly code: string;
  /** The circuit (listener `name`) whose post failed. */
  readonly circuit: string;
  /** The transition whose post failed, e.g. `'closed->open'`. */
  readonly transition: string;
  /** HTTP status of Slack's answer, for `slack_webapi_http_error`. */
  readonly status?: number;
  /** Seconds Slack asked to wait, for `slack_webapi_rate_limited_error`. */
  readonly retryAfter?: number;

  constructor(init: SlackPostErrorInit) {
    super(
      `${init.owner} '${init.circuit}' could not post ${init.transition} to Slack: ` +
        `${init.code} (${init.reason})`,
    );
    this.name = 'SlackPostError';
    this.code = init.code;
    this.circuit = init.circuit;
    this.transition = init.transition;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
  }

  /** Whether `value` is a `SlackPostError` from any copy of this package. */
  static isInstance(value: unknown): value is SlackPostError {
    try {
      return (
        typeof value === 'object' &&
        value !== null &&
        (value as Record<symbol, unknown>)[BRAND] === true
      );
    } catch {
      return false;
    }
  }
}
Object.defineProperty(SlackPostError.prototype, BRAND, { value: true });
