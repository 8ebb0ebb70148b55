import { AsyncCircuitBreaker, BreakerRegistry, CircuitBreaker } from '@fluxgate/core';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { Registry } from 'prom-client';
import { breakerFetch } from './breaker-fetch';

const ok = () => Promise.resolve(new Response('ok'));

function expectError(make: () => unknown, kind: typeof Error, message: string) {
  expect(make).toThrow(kind);
  expect(make).toThrow(message);
}

describe('breakerFetch options', () => {
  it('refuses unknown options, naming the valid ones', () => {
    expectError(
      () => breakerFetch({ timeOut: 5 } as never),
      TypeError,
      "breakerFetch: unknown option 'timeOut'; the options are fetch, key, breaker, registry, timeout, failureStatus, onError",
    );
  });

  it('reads each option once and refuses an array as options', () => {
    let reads = 0;
    const options = {
      get timeout() {
        reads++;
        return reads === 1 ? 1_000 : -1;
      },
    };
    expect(typeof breakerFetch(options)).toBe('function');
    expect(reads).toBe(1);
    expectError(
      () => breakerFetch([] as never),
      TypeError,
      'breakerFetch: options must be an object, got []',
    );
  });

  it.each([
    [null, TypeError, 'breakerFetch: options must be an object, got null'],
    [{ fetch: 'x' }, TypeError, 'breakerFetch: fetch must be a function, got "x"'],
    [{ key: 1 }, TypeError, 'breakerFetch: key must be a function, got 1'],
    [
      { failureStatus: [500] },
      TypeError,
      'breakerFetch: failureStatus must be a function, got [500]',
    ],
    [{ onError: {} }, TypeError, 'breakerFetch: onError must be a function, got [object Object]'],
    [{ timeout: 0 }, RangeError, 'breakerFetch: timeout must be a finite number > 0, got 0'],
    [
      { timeout: Number.NaN },
      RangeError,
      'breakerFetch: timeout must be a finite number > 0, got NaN',
    ],
    [{ timeout: '1s' }, TypeError, 'breakerFetch: timeout must be a finite number > 0, got "1s"'],
    [
      { registry: new Map() },
      TypeError,
      'breakerFetch: registry must be a BreakerRegistry, got [object Map]',
    ],
    [
      { breaker: 5 },
      TypeError,
      'breakerFetch: breaker must be an AsyncCircuitBreaker options object or a function of the key, got 5',
    ],
    [
      { breaker: { maxHalfOpenCalls: 0 } },
      RangeError,
      'breakerFetch: breaker options: AsyncCircuitBreaker: maxHalfOpenCalls must be a positive integer, got 0',
    ],
    [
      { breaker: { windw: 1 } },
      TypeError,
      "breakerFetch: breaker options: AsyncCircuitBreaker: unknown option 'windw'",
    ],
  ])('refuses %p', (options, kind, message) => {
    expectError(() => breakerFetch(options as never), kind, message);
  });

  it('refuses registry and breaker together', () => {
    const registry = new BreakerRegistry({ create: () => new AsyncCircuitBreaker() });
    expectError(
      () => breakerFetch({ registry, breaker: {} }),
      TypeError,
      'breakerFetch: give either registry or breaker, not both',
    );
  });

  it('refuses, in static breaker options, a listener that belongs to one circuit', () => {
    const listener = new PrometheusListener({ name: 'all', registry: new Registry() });
    expectError(
      () => breakerFetch({ breaker: { listeners: [() => {}, listener] } }),
      TypeError,
      'breakerFetch: breaker.listeners[1] belongs to one circuit (it implements attach()); pass breaker as a function of the key',
    );
  });

  it('gives every circuit the static breaker options, a shared function listener included', async () => {
    const seen: string[] = [];
    const get = breakerFetch({
      fetch: ok,
      breaker: { maxHalfOpenCalls: 3, listeners: [(signal) => seen.push(signal.newState)] },
    });
    await get('http://a.test/');
    await get('http://b.test/');
    for (const [, breaker] of get.registry) {
      expect(breaker.maxHalfOpenCalls).toBe(3);
      await breaker.forceOpen();
    }
    expect(seen).toEqual(['forced_open', 'forced_open']);
  });

  it('accepts every option left undefined, and uses the global fetch looked up per call', async () => {
    const get = breakerFetch({
      fetch: undefined,
      key: undefined,
      breaker: undefined,
      registry: undefined,
      timeout: undefined,
      failureStatus: undefined,
      onError: undefined,
    });
    const original = globalThis.fetch;
    globalThis.fetch = ok;
    try {
      expect(await (await get('http://stand-in.test/')).text()).toBe('ok');
    } finally {
      globalThis.fetch = original;
    }
  });

  it('passes init through to fetch, with a signal', async () => {
    const calls: [unknown, RequestInit | undefined][] = [];
    const get = breakerFetch({
      fetch: (input, init) => {
        calls.push([input, init]);
        return ok();
      },
    });
    await get('http://x.test/p', { method: 'PUT', headers: { a: 'b' } });
    expect(calls[0]?.[0]).toBe('http://x.test/p');
    expect(calls[0]?.[1]).toMatchObject({ method: 'PUT', headers: { a: 'b' } });
    expect(calls[0]?.[1]?.signal).toBeInstanceOf(AbortSignal);
  });

  it("takes another implementation's Request, known by its url", async () => {
    const seen: unknown[] = [];
    const get = breakerFetch({
      fetch: (input) => {
        seen.push(input);
        return ok();
      },
    });
    const foreign = { url: 'http://other.test/r', method: 'GET', headers: {} };
    await get(foreign as unknown as Request);
    expect(seen).toEqual([foreign]);
    expect([...get.registry.keys()]).toEqual(['http://other.test']);
  });

  it('uses a registry brought along, and refuses one whose breakers are not async', async () => {
    const registry = new BreakerRegistry({ maxSize: 1, create: () => new AsyncCircuitBreaker() });
    const get = breakerFetch({ registry, fetch: ok });
    expect(get.registry).toBe(registry);
    await get('http://a.test/');
    await get('http://b.test/');
    expect([...registry.keys()]).toEqual(['http://b.test']);
    const sync = breakerFetch({
      registry: new BreakerRegistry({ create: () => new CircuitBreaker() }) as never,
      fetch: ok,
    });
    await expect(sync('http://a.test/')).rejects.toThrow(
      "breakerFetch: the registry's breakers must be AsyncCircuitBreakers",
    );
  });

  it('rejects with the registry error when breaker options of a key are invalid', async () => {
    const get = breakerFetch({ fetch: ok, breaker: () => ({ timeout: -1 }) });
    await expect(get('http://a.test/')).rejects.toThrow(
      'BreakerRegistry: create("http://a.test") threw: RangeError: AsyncCircuitBreaker: timeout must be a finite number > 0, got -1',
    );
  });
});
