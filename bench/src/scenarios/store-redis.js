import { AsyncCircuitBreaker, Cooldown, FailureStreak, TimeWindow } from '@fluxgate/core';
import { RedisStore } from '@fluxgate/store-redis';
import { findRedisServer, startRedis } from '@fluxgate/test-servers';
import { Redis } from 'ioredis';
import { check, fmt, roundRatio, row, withRatios } from '../figures.js';
import { asyncFailure, asyncWork } from '../fixtures.js';
import { measure, median } from '../harness.js';

/**
 * Script calls Redis has run (EVALSHA, and EVAL after a NOSCRIPT), from `INFO commandstats`:
 * the store talks to Redis only through its scripts, so these are its round-trips. (The
 * commands a script runs inside Redis are counted there too, under their own names.)
 */
async function scriptCalls(client) {
  const text = await client.info('commandstats');
  let total = 0;
  for (const [, calls] of text.matchAll(/^cmdstat_eval(?:sha)?:calls=(\d+)/gm)) {
    total += Number(calls);
  }
  return total;
}

const MISSING =
  'no redis-server binary (PATH or REDIS_SERVER_BIN); apt-get install -y --no-install-recommends redis-server';

const RATE = 10_000;
const TICK_MS = 10;
const PER_TICK = (RATE * TICK_MS) / 1_000;

/**
 * Calls `fn` through `call` at about RATE calls/s for `ms` (PER_TICK calls every TICK_MS, one
 * after another as a request handler would) and returns the process CPU time per call in ns,
 * which includes the store's batches, replies and timers: the cost a service pays per call.
 */
async function pacedCpu(call, ms) {
  const ticks = Math.max(1, Math.round(ms / TICK_MS));
  const start = process.cpuUsage();
  const t0 = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    for (let i = 0; i < PER_TICK; i++) await call();
    const wait = t0 + (tick + 1) * TICK_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const cpu = process.cpuUsage(start);
  return ((cpu.user + cpu.system) * 1_000) / (ticks * PER_TICK);
}

/** Counts the batches a circuit sends (its `sync` calls) without changing what they do. */
function countBatches(circuit) {
  const counter = { batches: 0 };
  const sync = circuit.sync.bind(circuit);
  circuit.sync = (...args) => {
    counter.batches++;
    return sync(...args);
  };
  return counter;
}

/** Long enough for the batch timers (10 ms, 50 ms for successes) to fire and replies to come back. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

function storeBreaker(store, name, options = {}) {
  return new AsyncCircuitBreaker({
    store: store.circuit(name),
    window: new TimeWindow(60_000),
    ...options,
  });
}

/** Scenario 10: the Redis store's cost per call, and proof that calls make no round-trip. */
export default {
  id: 'store-redis',
  title: 'Fleet store (RedisStore) over a real redis-server',
  unit: 'ns/op',
  description:
    'A breaker sharing its circuit through `RedisStore` (a real local redis-server, ioredis; ' +
    'the defaults: failures and slow calls go out after 10 ms, batches of successes after 50 ms; ' +
    'and with every batch after 10 ms, `quietBatchMs: 10`) next to a local breaker with the same ' +
    "`TimeWindow`. Tight loop: the caller's path. Paced at about 10k calls/s: process CPU per " +
    "call, which includes the store's batches and replies. Redis's `INFO commandstats` before " +
    'and after calls in closed and open state shows how many script calls (round-trips) the ' +
    'calls caused.',
  /** Why the scenario cannot run here (no redis-server binary), or undefined. */
  unavailable() {
    return findRedisServer().binary === undefined ? MISSING : undefined;
  },
  async run(config, gc) {
    const { binary } = findRedisServer();
    if (binary === undefined) {
      console.log(`bench: store-redis SKIPPED: ${MISSING}`);
      return { rows: [], checks: [], skipped: MISSING };
    }
    const server = await startRedis(binary);
    const client = new Redis({
      host: '127.0.0.1',
      port: server.port,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const stats = new Redis({ host: '127.0.0.1', port: server.port });
    const store = new RedisStore({ client });
    // Every batch after 10 ms, successes too (what the store did before quietBatchMs): the
    // store's cost per call is mostly per batch, so this shows what the quiet interval saves.
    const eagerStore = new RedisStore({ client, quietBatchMs: 10 });
    try {
      // Without an offline queue, commands sent before the connection is up fail.
      await new Promise((resolve) => client.once('ready', resolve));
      await stats.ping();
      const fn = asyncWork;
      const local = new AsyncCircuitBreaker({ window: new TimeWindow(60_000) });
      const shared = storeBreaker(store, 'bench-closed');
      const eager = storeBreaker(eagerStore, 'bench-eager');
      await shared.call(fn);
      const contenders = [
        { name: 'bare await fn()', role: 'baseline', body: 'r = await fn();', scope: { fn } },
        {
          name: 'local breaker (TimeWindow)',
          role: 'reference',
          body: 'r = await breaker.call(fn);',
          scope: { fn, breaker: local },
        },
        {
          name: 'breaker with RedisStore',
          body: 'r = await breaker.call(fn);',
          scope: { fn, breaker: shared },
        },
      ].map((c) => ({ kind: 'async', ...c }));
      const tight = withRatios(await measure(contenders, config, gc), 'bare await fn()');

      // Paced: interleaved rounds, like the harness, so machine drift hits each alike.
      const paced = [
        { name: 'paced 10k/s: bare await fn() (CPU)', role: 'baseline', call: () => fn() },
        { name: 'paced 10k/s: local breaker (CPU)', role: 'reference', call: () => local.call(fn) },
        { name: 'paced 10k/s: breaker with RedisStore (CPU)', call: () => shared.call(fn) },
        {
          name: 'paced 10k/s: breaker with RedisStore, quietBatchMs 10 (CPU)',
          call: () => eager.call(fn),
        },
      ];
      const roundMs = config.batchMs * 30;
      await pacedCpu(paced[2].call, roundMs); // warm-up
      const samples = paced.map(() => []);
      for (let round = 0; round < config.rounds; round++) {
        if (config.gcEachRound) gc?.();
        for (let k = 0; k < paced.length; k++) {
          const i = (k + round) % paced.length;
          samples[i].push(await pacedCpu(paced[i].call, roundMs));
        }
      }
      const pacedRows = withRatios(
        paced.map((p, i) => ({
          name: p.name,
          role: p.role ?? 'contender',
          nsPerOp: median(samples[i]),
          opsPerBatch: (roundMs / TICK_MS) * PER_TICK,
          samples: samples[i],
        })),
        paced[0].name,
      );

      // Round-trips: script calls Redis ran during N calls, against the batches the circuit
      // sent. The first breaker is closed first: a circuit in use asks the fleet once a second.
      await Promise.all([shared.close(), eager.close()]);
      const countedCircuit = store.circuit('bench-count');
      const batches = countBatches(countedCircuit);
      const counted = new AsyncCircuitBreaker({
        store: countedCircuit,
        window: new TimeWindow(60_000),
        tripper: new FailureStreak(5),
        retry: new Cooldown(3_600_000),
      });
      await counted.call(fn);
      await settle();
      const n = Math.max(1_000, (roundMs / TICK_MS) * PER_TICK);
      const closedBefore = await scriptCalls(stats);
      const batchesBefore = batches.batches;
      const closedStart = performance.now();
      await pacedCpu(() => counted.call(fn), (n / RATE) * 1_000);
      const closedMs = performance.now() - closedStart;
      await settle();
      const closedCommands = (await scriptCalls(stats)) - closedBefore;
      const closedBatches = batches.batches - batchesBefore;
      for (let i = 0; i < 5; i++) await counted.call(asyncFailure).catch(() => {});
      await settle();
      if (counted.info().state !== 'open') throw new Error('bench: the store breaker did not open');
      const openBefore = await scriptCalls(stats);
      const openStart = performance.now();
      await pacedCpu(() => counted.call(fn).catch(() => {}), (n / RATE) * 1_000);
      const openMs = performance.now() - openStart;
      const openCommands = (await scriptCalls(stats)) - openBefore;

      const rows = [...tight, ...pacedRows];
      const tightRatio = roundRatio(
        row(rows, 'breaker with RedisStore'),
        row(rows, 'local breaker (TimeWindow)'),
      );
      const pacedRatio = roundRatio(row(rows, paced[2].name), row(rows, paced[1].name));
      const extraNs = row(rows, paced[2].name).nsPerOp - row(rows, paced[1].name).nsPerOp;
      // One batch per 10 ms at most, plus one for the partial window at each end.
      const closedLimit = Math.ceil(closedMs / 10) + 2;
      // An instance that only rejects asks the fleet once a second.
      const openLimit = Math.ceil(openMs / 1_000) + 1;
      const checks = [
        check(
          'breaker with RedisStore <= 2x a local breaker per call at ~10k calls/s (process CPU)',
          `${fmt(pacedRatio, 2)}x (${fmt(extraNs, 0)} ns more per call: ${fmt((extraNs * RATE) / 1e6, 1)} ms of CPU a second)`,
          pacedRatio <= 2,
          pacedRatio,
          2,
        ),
        check(
          "caller's path: breaker with RedisStore <= 1.5x a local breaker (tight loop)",
          `${fmt(tightRatio, 2)}x`,
          tightRatio <= 1.5,
          tightRatio,
          1.5,
        ),
        check(
          `closed: ${n} calls cause no round-trip (Redis script calls = batches sent, <= ${closedLimit})`,
          `${closedCommands} script calls, ${closedBatches} batches, ${fmt(closedCommands / n, 4)} per call`,
          closedCommands === closedBatches && closedCommands <= closedLimit,
          closedCommands,
          closedLimit,
        ),
        check(
          `open: ${n} rejected calls cause no round-trip (<= ${openLimit} script calls: one a second)`,
          `${openCommands} script calls, ${fmt(openCommands / n, 4)} per call`,
          openCommands <= openLimit,
          openCommands,
          openLimit,
        ),
      ];
      await counted.close();
      return { rows, checks };
    } finally {
      await Promise.all([store.close(), eagerStore.close()]);
      client.disconnect();
      stats.disconnect();
      await server.stop();
    }
  },
};
