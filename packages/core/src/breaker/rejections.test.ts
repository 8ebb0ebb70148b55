import { types } from 'node:util';
import { CallNotPermittedError } from '../errors';
import { FailureStreak } from '../trippers';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';

/** Rejections of an async breaker opened by failures (so `retryAt` is set). */
async function asyncRejections(count: number): Promise<unknown[]> {
  const breaker = new AsyncCircuitBreaker({ tripper: new FailureStreak(1) });
  await breaker.call(() => Promise.reject(new Error('down'))).catch(() => {});
  expect(breaker.info().state).toBe('open');
  const errors: unknown[] = [];
  for (let i = 0; i < count; i++) {
    errors.push(await breaker.call(async () => 1).catch((error: unknown) => error));
  }
  return errors;
}

function syncRejection(): unknown {
  const breaker = new CircuitBreaker();
  void breaker.forceOpen();
  try {
    breaker.call(() => 1);
  } catch (error) {
    return error;
  }
  throw new Error('the forced-open breaker ran the call');
}

describe('rejections made by the breakers', () => {
  test('are CallNotPermittedErrors in every way a caller can see', async () => {
    const [error] = await asyncRejections(1);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CallNotPermittedError);
    expect(CallNotPermittedError.isInstance(error)).toBe(true);
    const rejection = error as CallNotPermittedError;
    expect(rejection.name).toBe('CallNotPermittedError');
    expect(rejection.state).toBe('open');
    expect(rejection.retryAt).toEqual(expect.any(Number));
    expect(rejection.message).toMatch(/^circuit is open; calls are not permitted until \d{4}-/);
    expect(rejection.stack).toBe(`CallNotPermittedError: ${rejection.message}`);
    expect(String(rejection)).toBe(rejection.stack);
    expect(Object.keys(rejection)).toEqual(['state', 'retryAt']);
  });

  test('are not native errors: creating one costs no Error construction', async () => {
    const [error] = await asyncRejections(1);
    expect(types.isNativeError(error)).toBe(false);
    expect(types.isNativeError(syncRejection())).toBe(false);
    // A constructed one stays a native error.
    expect(types.isNativeError(new CallNotPermittedError('open', null))).toBe(true);
  });

  test('every caller gets its own object; annotating one leaves the others alone', async () => {
    const [a, b] = (await asyncRejections(2)) as (CallNotPermittedError & { status?: number })[];
    expect(a).not.toBe(b);
    a!.status = 503;
    a!.message = 'payments unavailable';
    a!.stack = 'annotated';
    expect(a!.message).toBe('payments unavailable');
    expect(a!.stack).toBe('annotated');
    expect(b!.status).toBeUndefined();
    expect(b!.message).toMatch(/^circuit is open;/);
    expect(b!.stack).toBe(`CallNotPermittedError: ${b!.message}`);
  });

  test('the sync breaker throws one too', () => {
    const error = syncRejection() as CallNotPermittedError;
    expect(CallNotPermittedError.isInstance(error)).toBe(true);
    expect(error.state).toBe('forced_open');
    expect(error.retryAt).toBeNull();
    expect(error.message).toBe('circuit is forced_open; the call was not permitted');
  });
});
