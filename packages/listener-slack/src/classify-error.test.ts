import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { classifyError, rateLimitWait } from './classify-error';

const SECRET = 'xoxb-1-2-secret';

describe('classifyError', () => {
  test("a platform error is reported with Slack's code and a hint", () => {
    const result = classifyError(new WebAPIPlatformError({ ok: false, error: 'not_in_channel' }));
    expect(result.code).toBe('not_in_channel');
    expect(result.reason).toMatch(/invite/);
  });

  test('an unknown platform code is kept, with a generic reason', () => {
    expect(classifyError(new WebAPIPlatformError({ ok: false, error: 'team_frozen' }))).toEqual({
      code: 'team_frozen',
      reason: 'Slack refused the post',
    });
  });

  test('a body that is not a code (garbage, HTML, the token) becomes invalid_response', () => {
    for (const error of ['<html>Bad Gateway</html>', '{"ok": tru', SECRET, 'a'.repeat(65)]) {
      const result = classifyError(new WebAPIPlatformError({ ok: false, error }), SECRET);
      expect(result.code).toBe('invalid_response');
    }
    const tokenAsCode = classifyError(
      new WebAPIPlatformError({ ok: false, error: 'abc_secret' }),
      'abc_secret',
    );
    expect(tokenAsCode.code).toBe('invalid_response');
  });

  test('HTTP errors keep the status, never the headers or body', () => {
    const error = new WebAPIHTTPError(
      503,
      'Service Unavailable',
      { authorization: SECRET },
      SECRET,
    );
    const result = classifyError(error, SECRET);
    expect(result).toEqual({
      code: 'slack_webapi_http_error',
      status: 503,
      reason: 'Slack answered HTTP 503, also after retries',
    });
  });

  test('rate limits keep Retry-After', () => {
    expect(classifyError(new WebAPIRateLimitedError(7))).toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    expect(rateLimitWait(new WebAPIRateLimitedError(7))).toBe(7);
    expect(rateLimitWait(new WebAPIRateLimitedError(Number.NaN))).toBeNull();
    expect(rateLimitWait(new Error('x'))).toBeNull();
  });

  test('request errors keep a system code or the timeout, never the message', () => {
    const reset = Object.assign(new Error(`fetch failed ${SECRET}`), {
      cause: { code: 'ECONNRESET' },
    });
    expect(classifyError(new WebAPIRequestError(reset), SECRET)).toEqual({
      code: 'slack_webapi_request_error',
      reason: 'network error ECONNRESET',
    });
    const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' });
    expect(classifyError(new WebAPIRequestError(timeout)).reason).toBe(
      'Slack did not answer in time',
    );
    const rewrapped = new Error('TimeoutError: The operation was aborted due to timeout');
    expect(classifyError(new WebAPIRequestError(rewrapped)).reason).toBe(
      'Slack did not answer in time',
    );
    const weird = Object.assign(new Error('x'), { cause: { code: `E_${SECRET}` } });
    expect(classifyError(new WebAPIRequestError(weird), SECRET).reason).toBe('network error');
  });

  test('a client that waits out rate limits itself: its final error is still a rate limit', () => {
    const original = new Error('A rate limit was exceeded (url: x, retry-after: 1)');
    expect(classifyError(new WebAPIRequestError(original)).code).toBe(
      'slack_webapi_rate_limited_error',
    );
    const noHeader = new Error('Retry header did not contain a valid timeout (url: x)');
    expect(classifyError(noHeader).code).toBe('slack_webapi_rate_limited_error');
  });

  test('anything else, hostile values included, is an unknown_error', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    for (const value of [null, undefined, 'boom', 42, new Error(SECRET), hostile]) {
      expect(classifyError(value, SECRET)).toEqual({
        code: 'unknown_error',
        reason: 'the Slack client failed unexpectedly',
      });
    }
  });
});
