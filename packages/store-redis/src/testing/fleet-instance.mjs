// One instance of a fleet for the multi-process tests: a child process with its own ioredis
// client, RedisStore and AsyncCircuitBreaker on a shared circuit. It runs calls when the parent
// asks (over IPC) and reports every signal, fault and outcome. Runs against the built packages.
import {
  AsyncCircuitBreaker,
  CallNotPermittedError,
  Cooldown,
  FailureRate,
  FailureStreak,
  HalfOpened,
  MinRequests,
  TimeWindow,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';
import { Redis } from 'ioredis';
import { RedisStore } from '../../dist/index.mjs';

const env = process.env;
const client = new Redis({
  host: '127.0.0.1',
  port: Number(env.REDIS_PORT),
  commandTimeout: 200,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy: () => 50,
});
// Connection errors surface through the store (as one StoreUnavailableError per outage).
client.on('error', () => {});
// Connected before the breaker is made, as an app would be: without an offline queue, a
// command sent while connecting fails, and the instance would start out degraded.
await new Promise((resolve) => client.once('ready', resolve));
const store = new RedisStore({ client, batchMs: 5, commandTimeout: 200 });
const send = (message) => process.send?.(message);

const breaker = new AsyncCircuitBreaker({
  store: store.circuit(env.CIRCUIT),
  window: new TimeWindow(60_000),
  tripper: new HalfOpened()
    .and(new FailureStreak(1))
    .or(new MinRequests(Number(env.MIN_REQUESTS)).and(new FailureRate(0.5))),
  retry: new Cooldown(Number(env.COOLDOWN_MS)),
  permit: new All(),
  maxHalfOpenCalls: Number(env.MAX_PROBES),
  listeners: [
    (signal) =>
      send({
        type: 'signal',
        oldState: signal.oldState,
        newState: signal.newState,
        origin: signal.origin,
        at: Date.now(),
      }),
  ],
  onListenerError: (error) =>
    send({ type: 'fault', name: error?.name, message: String(error?.message) }),
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `calls` calls, `concurrency` at a time, `gapMs` apart; each holds `holdMs`. */
async function run({ calls, fail, holdMs = 0, gapMs = 0, concurrency = 1 }) {
  const result = { ok: 0, failed: 0, rejected: 0, other: [], maxLatencyMs: 0, probes: [] };
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      const started = performance.now();
      try {
        await breaker.call(async () => {
          const probe = breaker.info().state === 'half_open';
          const start = Date.now();
          if (holdMs > 0) await sleep(holdMs);
          if (probe) result.probes.push([start, Date.now()]);
          if (fail) throw new Error('upstream down');
        });
        result.ok++;
      } catch (error) {
        if (CallNotPermittedError.isInstance(error)) result.rejected++;
        else if (error instanceof Error && error.message === 'upstream down') result.failed++;
        else result.other.push(String(error));
      }
      const latency = performance.now() - started - holdMs;
      result.maxLatencyMs = Math.max(result.maxLatencyMs, latency);
      if (gapMs > 0) await sleep(gapMs);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}

/** Calls every `gapMs` until one is rejected; resolves with the ms that took. */
async function untilRejected({ gapMs, timeoutMs }) {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    try {
      await breaker.call(async () => 'ok');
    } catch (error) {
      if (CallNotPermittedError.isInstance(error)) return performance.now() - start;
    }
    await sleep(gapMs);
  }
  return null;
}

process.on('message', async ({ id, cmd, args }) => {
  try {
    let value;
    if (cmd === 'run') value = await run(args);
    else if (cmd === 'untilRejected') value = await untilRejected(args);
    else if (cmd === 'info') value = breaker.info();
    else if (cmd === 'exit') {
      await store.close();
      await client.quit().catch(() => client.disconnect());
      send({ type: 'reply', id, value: null });
      process.exit(0);
    }
    send({ type: 'reply', id, value });
  } catch (error) {
    send({ type: 'reply', id, error: String(error) });
  }
});
send({ type: 'ready' });
