import { CallNotPermittedError, CallTimeoutError, Cooldown, FailureStreak } from '@fluxgate/core';
import { All as AllowAll } from '@fluxgate/core/permits';
import { breakerFetch } from './breaker-fetch';
import { answering, closeAll, deadOrigin, startServer } from './test-support/servers';

afterEach(closeAll);

/** Trips after two failures in a row and stays open for a minute. */
const strict = {
  tripper: new FailureStreak(2),
  retry: new Cooldown(60_000),
  permit: new AllowAll(),
};

describe('breakerFetch against real loopback servers and the global fetch', () => {
  it('has the signature of fetch', () => {
    const protectedFetch: typeof fetch = breakerFetch();
    expect(typeof protectedFetch).toBe('function');
  });

  it('one failing origin trips only its own circuit; failure bodies stay readable', async () => {
    const failing = await answering(503, 'upstream down');
    const healthy = await answering(200, 'fine');
    const get = breakerFetch({ breaker: strict });
    for (let i = 0; i < 2; i++) {
      const res = await get(`${failing.origin}/quote`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('upstream down');
    }
    const before = Date.now();
    const rejected = await get(`${failing.origin}/quote`).catch((error: unknown) => error);
    expect(CallNotPermittedError.isInstance(rejected)).toBe(true);
    expect((rejected as CallNotPermittedError).retryAt).toBeGreaterThanOrEqual(before + 59_000);
    expect(failing.requests).toHaveLength(2);
    for (let i = 0; i < 3; i++)
      expect(await (await get(`${healthy.origin}/x`)).text()).toBe('fine');
    const info = get.registry.info();
    expect(info[failing.origin]?.state).toBe('open');
    expect(info[healthy.origin]?.state).toBe('closed');
    expect(info[healthy.origin]?.metrics.totalCount).toBe(3);
  });

  it('counts 5xx and 429 as failures by default, not 4xx', async () => {
    const statuses = [500, 502, 429, 404, 400, 200, 301];
    const servers = await Promise.all(statuses.map((status) => answering(status)));
    const get = breakerFetch({
      fetch: (input, init) => fetch(input, { ...init, redirect: 'manual' }),
    });
    for (const server of servers) await (await get(server.origin)).text();
    const failures = servers.map((s) => get.registry.info()[s.origin]?.metrics.failureCount);
    expect(failures).toEqual([1, 1, 1, 0, 0, 0, 0]);
  });

  it('uses failureStatus instead, and a throwing one counts as a failure and is reported', async () => {
    const server = await answering(404, 'missing');
    const faults: unknown[] = [];
    const only404 = breakerFetch({ failureStatus: (status) => status === 404 });
    expect((await only404(server.origin)).status).toBe(404);
    expect(only404.registry.info()[server.origin]?.metrics.failureCount).toBe(1);
    const broken = breakerFetch({
      failureStatus: () => {
        throw new Error('bad rule');
      },
      onError: (error) => faults.push(error),
    });
    expect(await (await broken(server.origin)).text()).toBe('missing');
    expect(broken.registry.info()[server.origin]?.metrics.failureCount).toBe(1);
    expect(faults).toEqual([new Error('bad rule')]);
  });

  it('network errors count as failures and reject as fetch does', async () => {
    const origin = await deadOrigin();
    const get = breakerFetch({ breaker: strict });
    const plain = await fetch(origin).catch((error: unknown) => error);
    const error = await get(origin).catch((e: unknown) => e);
    // The same TypeError fetch gives (jest runs tests in another realm, hence the constructor).
    expect((error as Error).constructor).toBe((plain as Error).constructor);
    expect([(error as Error).name, (error as Error).message]).toEqual([
      'TypeError',
      (plain as Error).message,
    ]);
    expect(get.registry.info()[origin]?.metrics.failureCount).toBe(1);
    await get(origin).catch(() => {});
    await expect(get(origin)).rejects.toMatchObject({ name: 'CallNotPermittedError' });
  });

  it('times out a request whose headers do not come, aborting it, as a failure', async () => {
    let aborted!: () => void;
    const gone = new Promise<void>((resolve) => (aborted = resolve));
    const silent = await startServer((req) => req.socket.on('close', aborted));
    const get = breakerFetch({ timeout: 30 });
    const error = await get(`${silent.origin}/slow`).catch((e: unknown) => e);
    expect(CallTimeoutError.isInstance(error)).toBe(true);
    expect((error as CallTimeoutError).timeout).toBe(30);
    await gone; // the request was cancelled, not left hanging
    expect(get.registry.info()[silent.origin]?.metrics.failureCount).toBe(1);
  });

  it("a caller's abort rejects with the caller's reason and is not a failure", async () => {
    const controller = new AbortController();
    const silent = await startServer(() => controller.abort(new Error('user went away')));
    const get = breakerFetch({ timeout: 60_000 });
    await expect(get(silent.origin, { signal: controller.signal })).rejects.toThrow(
      'user went away',
    );
    const { metrics } = get.registry.info()[silent.origin]!;
    expect([metrics.totalCount, metrics.failureCount]).toEqual([0, 0]);
  });

  it('honours the signal of a Request, and an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    const silent = await startServer(() => controller.abort('stop'));
    const get = breakerFetch({ timeout: 60_000 });
    await expect(get(new Request(silent.origin, { signal: controller.signal }))).rejects.toBe(
      'stop',
    );
    const requests = silent.requests.length;
    await expect(get(silent.origin, { signal: AbortSignal.abort('early') })).rejects.toBe('early');
    expect(silent.requests).toHaveLength(requests);
    expect(get.registry.info()[silent.origin]?.metrics.totalCount).toBe(0);
  });

  it('takes a Request object as input, keyed by its URL', async () => {
    const echo = await startServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.end(`${req.method} ${req.url} ${body}`));
    });
    const get = breakerFetch();
    const res = await get(
      new Request(`${echo.origin}/orders?id=7`, { method: 'POST', body: 'hi' }),
    );
    expect(await res.text()).toBe('POST /orders?id=7 hi');
    expect(await (await get(new URL(`${echo.origin}/u`))).text()).toBe('GET /u ');
    expect([...get.registry.keys()]).toEqual([echo.origin]);
  });

  it('follows redirects across origins within the circuit of the origin that was asked', async () => {
    const target = await answering(503, 'target down');
    const front = await startServer((_req, res) =>
      res.writeHead(302, { location: `${target.origin}/moved` }).end(),
    );
    const get = breakerFetch();
    const res = await get(`${front.origin}/old`);
    expect([res.status, res.redirected, await res.text()]).toEqual([503, true, 'target down']);
    expect([...get.registry.keys()]).toEqual([front.origin]);
    expect(get.registry.info()[front.origin]?.metrics.failureCount).toBe(1);
    expect(target.requests).toHaveLength(1);
  });

  it('keys circuits with key, falling back to the origin when key fails', async () => {
    const server = await answering(200);
    const faults: unknown[] = [];
    const byRoute = breakerFetch({
      key: (url) =>
        url.pathname.startsWith('/bad')
          ? (undefined as never)
          : `${url.host}${url.pathname.split('/', 2).join('/')}`,
      onError: (error) => faults.push(error),
    });
    await byRoute(`${server.origin}/search/q`);
    await byRoute(`${server.origin}/cart/1`);
    await byRoute(`${server.origin}/bad`);
    const host = new URL(server.origin).host;
    expect([...byRoute.registry.keys()].sort()).toEqual(
      [server.origin, `${host}/cart`, `${host}/search`].sort(),
    );
    expect(String(faults[0])).toBe(
      'TypeError: breakerFetch: key must return a non-empty string, got undefined',
    );
  });

  it('rejects, never throws, on an input that is not an absolute URL', async () => {
    const get = breakerFetch();
    const result = get('/relative');
    await expect(result).rejects.toThrow(TypeError);
    await expect(result).rejects.toThrow(
      'breakerFetch: cannot parse "/relative" as an absolute URL',
    );
    expect(get.registry.size).toBe(0);
  });
});
