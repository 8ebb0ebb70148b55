import { inspect } from 'node:util';
import { CallNotPermittedError } from './errors';

describe('CallNotPermittedError builds its message only when read', () => {
  test('the message, the stack header and inspect all show the text', () => {
    const error = new CallNotPermittedError('forced_open', null);
    expect(error.message).toBe('circuit is forced_open; the call was not permitted');
    expect(error.name).toBe('CallNotPermittedError');
    expect(String(error)).toBe(
      'CallNotPermittedError: circuit is forced_open; the call was not permitted',
    );
    expect(error.stack).toBe(String(error));
    expect(inspect(error)).toContain('circuit is forced_open');
    expect(error).toBeInstanceOf(Error);
  });

  test('the retry time of an open circuit is in the message', () => {
    const error = new CallNotPermittedError('open', Date.UTC(2030, 0, 1));
    expect(error.message).toBe(
      'circuit is open; calls are not permitted until 2030-01-01T00:00:00.000Z',
    );
  });

  test('a caller may replace the message of the error it was given, and only that one', () => {
    const annotated = new CallNotPermittedError('open', null);
    const other = new CallNotPermittedError('open', null);
    annotated.message = 'payments unavailable';
    expect(annotated.message).toBe('payments unavailable');
    expect(other.message).toBe('circuit is open; the call was not permitted');
    expect(Object.keys(annotated)).toEqual(['state', 'retryAt']);
  });
});
