/**
 * What the breaker records when a response's status counts as a failure (`failureStatus`): the
 * protected function throws it so that any breaker counts the response as a failure, and
 * `breakerFetch` catches it and hands the response itself to the caller. A breaker's `tracker`
 * sees it, so `new Custom((e) => !(e instanceof FailureStatusError))` would ignore statuses.
 *
 * @example
 * ```ts
 * // Count 5xx responses but not 429 (rate limits) as failures of the circuit:
 * const tracker = new Custom((e) => !(e instanceof FailureStatusError && e.status === 429));
 * const fetchUpstream = breakerFetch({ breaker: { tracker } });
 * ```
 */
export class FailureStatusError extends Error {
  /** The response, returned to the caller unread. */
  readonly response: Response;
  /** Its HTTP status. */
  readonly status: number;

  constructor(response: Response) {
    super(`HTTP ${response.status} from ${response.url || 'the upstream'} counts as a failure`);
    this.name = 'FailureStatusError';
    this.response = response;
    this.status = response.status;
  }
}
