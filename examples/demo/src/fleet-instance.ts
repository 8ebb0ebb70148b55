// One instance of the fleet demo's service, in its own process: its own ioredis client,
// RedisStore and AsyncCircuitBreaker on the shared 'payments' circuit, calling the upstream
// every `callEvery` ms once the parent says start, and telling the parent about every call,
// signal and fault over IPC. Started by fleet-demo.ts; not run by hand.
import {
  AsyncCircuitBreaker,
  CallNotPermittedError,
  Cooldown,
  FailureRate,
  FailureStreak,
  HalfOpened,
  MinRequests,
  type Signal,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';
import { TimeWindow } from '@fluxgate/core/windows';
import { AsyncSlackListener, createSlackClient } from '@fluxgate/listener-slack';
import { RedisStore } from '@fluxgate/store-redis';
import { Redis } from 'ioredis';
import {
  epochNow,
  type FleetCallResult,
  type InstanceConfig,
  type InstanceMessage,
  type ParentMessage,
} from './fleet-messages';
import { FLEET_RULE } from './fleet-settings';

const config = JSON.parse(process.env.FLUXGATE_FLEET_INSTANCE ?? '{}') as InstanceConfig;
const send = (message: InstanceMessage) => {
  if (process.connected) process.send?.(message);
};

// The client as store-redis's README recommends: fail fast, never queue while disconnected.
const redis = new Redis({
  host: '127.0.0.1',
  port: config.redisPort,
  commandTimeout: 250,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy: () => 100,
});
// Connection errors reach the breaker as one StoreUnavailableError per outage.
redis.on('error', () => {});
// Without an offline queue a command sent before the connection is up fails: start once it is.
await new Promise((resolve) => redis.once('ready', resolve));
const store = new RedisStore({ client: redis });

const breaker = new AsyncCircuitBreaker({
  store: store.circuit('payments'),
  window: new TimeWindow(config.window, { bucketMs: config.bucket }),
  // No failure streak in closed: only the fleet's window can trip, and it needs more calls than
  // any one instance sees.
  tripper: new HalfOpened()
    .and(new FailureStreak(1))
    .or(new MinRequests(FLEET_RULE.minRequests).and(new FailureRate(FLEET_RULE.failureRate))),
  probesToClose: FLEET_RULE.probesToClose,
  retry: new Cooldown(config.cooldown),
  permit: new All(),
  maxHalfOpenCalls: FLEET_RULE.maxProbes,
  timeout: config.timeout,
  resultTracker: (res) => res instanceof Response && !res.ok,
  listeners: [
    (signal: Signal) =>
      send({
        type: 'signal',
        at: epochNow(),
        from: signal.oldState,
        to: signal.newState,
        origin: signal.origin,
        windowCalls: signal.metrics.totalCount,
        windowFailures: signal.metrics.failureCount,
      }),
    new AsyncSlackListener({
      name: 'payments',
      channel: '#payments-alerts',
      client: createSlackClient(config.slackToken, { slackApiUrl: config.slackUrl }),
    }),
  ],
  onListenerError: (error) =>
    send({
      type: 'fault',
      at: epochNow(),
      name: error instanceof Error ? error.name : typeof error,
      message: error instanceof Error ? error.message : String(error),
    }),
});

async function oneCall(): Promise<void> {
  const started = epochNow();
  let ran: [number, number] | null = null;
  let probe = false;
  let result: FleetCallResult;
  try {
    const res = await breaker.run(async ({ signal }) => {
      probe = breaker.info().state === 'half_open';
      const begun = epochNow();
      ran = [begun, begun];
      try {
        return await fetch(config.upstreamUrl, { signal });
      } finally {
        ran[1] = epochNow();
      }
    });
    await res.body?.cancel();
    result = res.ok ? 'ok' : 'failed';
  } catch (error) {
    if (CallNotPermittedError.isInstance(error)) result = 'rejected';
    else result = ran === null ? 'broken' : 'failed';
  }
  const ended = epochNow();
  const timed = ran as [number, number] | null;
  const info = breaker.info();
  send({
    type: 'call',
    at: ended,
    result,
    overheadMs: ended - started - (timed === null ? 0 : timed[1] - timed[0]),
    probe: probe && timed !== null ? timed : null,
    state: info.state,
    windowCalls: info.metrics.totalCount,
  });
}

const inflight = new Set<Promise<void>>();
let timer: NodeJS.Timeout | undefined;

async function stop(): Promise<void> {
  clearInterval(timer);
  await Promise.allSettled(inflight);
  // Slack posts of the last transitions, then the batches still pending.
  await Promise.race([breaker.flush(), new Promise((r) => setTimeout(r, 5_000).unref())]);
  await store.close();
  await redis.quit().catch(() => redis.disconnect());
  send({ type: 'stopped' });
  process.disconnect?.();
}

process.on('message', (message: ParentMessage) => {
  if (message.cmd === 'start' && timer === undefined) {
    timer = setInterval(() => {
      const call = oneCall();
      inflight.add(call);
      void call.finally(() => inflight.delete(call));
    }, config.callEvery);
  } else if (message.cmd === 'stop') {
    void stop();
  }
});
// Orphaned (the parent died): leave at once.
process.on('disconnect', () => setTimeout(() => process.exit(0), 100).unref());
send({ type: 'ready' });
