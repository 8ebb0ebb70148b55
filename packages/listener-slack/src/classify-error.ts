// Turns whatever the Slack client threw into safe fields. Nothing from the error is copied
// except values that match a strict pattern (error codes, status numbers), so neither the
// token nor the request's headers nor an arbitrary response body can leak into a report.
import { ErrorCode } from '@slack/web-api';

/** What a failed post is reported with. */
export interface ClassifiedError {
  readonly code: string;
  readonly reason: string;
  readonly status?: number;
  readonly retryAfter?: number;
}

const SLACK_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const SYSTEM_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

// The client's own codes, compared as strings: an error from another copy of the client
// carries the same values.
const PLATFORM: string = ErrorCode.PlatformError;
const HTTP: string = ErrorCode.HTTPError;
const REQUEST: string = ErrorCode.RequestError;
const RATE_LIMITED: string = ErrorCode.RateLimitedError;

const HINTS: Readonly<Record<string, string>> = {
  invalid_auth: 'the token is invalid: check the bot token (xoxb-...)',
  not_authed: 'no token was sent: check the bot token (xoxb-...)',
  token_revoked: 'the token was revoked: reinstall the app and use its new token',
  token_expired: 'the token expired: refresh or replace it',
  account_inactive: 'the app or its user was deactivated',
  not_in_channel: 'the app is not in the channel: invite it, or add the chat:write.public scope',
  channel_not_found: 'no such channel for this app: check the channel id (e.g. C0123456789)',
  is_archived: 'the channel is archived',
  missing_scope: 'the token lacks the chat:write scope: add it and reinstall the app',
  restricted_action: 'the workspace does not let this app post in the channel',
  ratelimited: 'Slack rate-limited the post',
  msg_too_long: 'the message is too long: shorten the templates',
  invalid_blocks: 'Slack rejected the message layout: check a custom message()',
  invalid_attachments: 'Slack rejected the message layout: check a custom message()',
};

/** Reads a property without letting a hostile getter or a Proxy throw. */
function read(value: unknown, key: string): unknown {
  try {
    if ((typeof value === 'object' || typeof value === 'function') && value !== null) {
      return (value as Record<string, unknown>)[key];
    }
  } catch {
    // Treated as absent.
  }
  return undefined;
}

function safeString(value: unknown, pattern: RegExp, secret: string | undefined): string | null {
  if (typeof value !== 'string' || !pattern.test(value)) return null;
  if (secret !== undefined && secret !== '' && value.includes(secret)) return null;
  return value;
}

function startsWith(value: unknown, prefix: string): boolean {
  return typeof value === 'string' && value.startsWith(prefix);
}

function requestError(error: unknown, secret: string | undefined): ClassifiedError {
  const original = read(error, 'original');
  // A client built without rejectRateLimitedCalls waits Retry-After itself, then gives up
  // with a plain Error that the request error wraps.
  if (startsWith(read(original, 'message'), 'A rate limit was exceeded')) {
    return { code: RATE_LIMITED, reason: 'Slack kept rate-limiting the post; the retries ran out' };
  }
  const name = read(original, 'name');
  const message = read(original, 'message');
  // The client rewraps what is not `instanceof Error` in its realm (a DOMException under
  // jest) as `new Error(String(error))`, so the name may only survive as the message's start.
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    startsWith(message, 'TimeoutError') ||
    startsWith(message, 'AbortError')
  ) {
    return { code: REQUEST, reason: 'Slack did not answer in time' };
  }
  const system =
    safeString(read(read(original, 'cause'), 'code'), SYSTEM_CODE, secret) ??
    safeString(read(original, 'code'), SYSTEM_CODE, secret);
  return { code: REQUEST, reason: system === null ? 'network error' : `network error ${system}` };
}

/**
 * Classifies an error thrown by `chat.postMessage`. `secret` (the token, when known) is never
 * let through, even where Slack's answer should only hold an error code.
 */
export function classifyError(error: unknown, secret?: string): ClassifiedError {
  const code = read(error, 'code');
  if (code === PLATFORM) {
    const slackCode = safeString(read(read(error, 'data'), 'error'), SLACK_CODE, secret);
    if (slackCode === null) {
      return { code: 'invalid_response', reason: "Slack's answer was not valid JSON" };
    }
    return { code: slackCode, reason: HINTS[slackCode] ?? 'Slack refused the post' };
  }
  if (code === HTTP) {
    const status = read(error, 'statusCode');
    if (typeof status === 'number' && Number.isInteger(status)) {
      return { code: HTTP, status, reason: `Slack answered HTTP ${status}, also after retries` };
    }
    return { code: HTTP, reason: 'Slack answered with an HTTP error' };
  }
  if (code === RATE_LIMITED) {
    const retryAfter = read(error, 'retryAfter');
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) {
      return {
        code: RATE_LIMITED,
        retryAfter,
        reason: `Slack rate-limited the post (Retry-After ${retryAfter} s)`,
      };
    }
    return { code: RATE_LIMITED, reason: 'Slack rate-limited the post' };
  }
  if (code === REQUEST) return requestError(error, secret);
  if (startsWith(read(error, 'message'), 'Retry header did not contain')) {
    return {
      code: RATE_LIMITED,
      reason: 'Slack rate-limited the post without a valid Retry-After',
    };
  }
  return { code: 'unknown_error', reason: 'the Slack client failed unexpectedly' };
}

/** Whether the error is a rate limit that names how long to wait (seconds). */
export function rateLimitWait(error: unknown): number | null {
  if (read(error, 'code') !== RATE_LIMITED) return null;
  const retryAfter = read(error, 'retryAfter');
  return typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0
    ? retryAfter
    : null;
}
