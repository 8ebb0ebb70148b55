// Three Node processes share one circuit on one real redis-server (the issue's fleet tests).
// The children run plain Node on the built packages: `pnpm test` builds them first (this
// package's turbo.json); without a build, or without redis-server, the tests are reported as
// skipped. Every wait is on a condition, with room for a loaded machine.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { FleetProcess, type InstanceConfig, maxOverlap } from './testing/fleet-process';
import { SKIP_REASON } from './testing/redis-fixture';
import { findRedisServer, type RedisServer, startRedis } from './testing/redis-server';

jest.setTimeout(90_000);

const built =
  existsSync(join(__dirname, '../dist/index.mjs')) &&
  existsSync(join(__dirname, '../../core/dist/index.mjs'));
const reason =
  SKIP_REASON !== '' ? SKIP_REASON : built ? '' : 'build the packages first (pnpm build)';
if (SKIP_REASON === '' && !built) console.warn(`SKIPPED: the fleet tests did not run: ${reason}`);
const describeFleet = reason === '' ? describe : describe.skip;

const MIN_REQUESTS = 20;
const MAX_PROBES = 2;
const COOLDOWN_MS = 400;
/** A call that waited for Redis would take at least the store's command timeout (200 ms). */
const NO_WAIT_MS = 150;

describeFleet(
  `a fleet of three processes on one Redis${reason ? ` (SKIPPED: ${reason})` : ''}`,
  () => {
    let server: RedisServer;
    let fleet: FleetProcess[] = [];
    let circuits = 0;

    beforeAll(async () => {
      server = await startRedis(findRedisServer().binary!);
    });
    afterAll(async () => {
      await server?.stop();
    });
    afterEach(async () => {
      await Promise.all(fleet.map((instance) => instance.stop()));
      fleet = [];
    });

    async function start(over: Partial<InstanceConfig> = {}): Promise<FleetProcess[]> {
      const config: InstanceConfig = {
        port: server.port,
        circuit: `fleet-${process.pid}-${++circuits}`,
        minRequests: MIN_REQUESTS,
        cooldownMs: COOLDOWN_MS,
        maxProbes: MAX_PROBES,
        ...over,
      };
      fleet = Array.from({ length: 3 }, () => new FleetProcess(config));
      await Promise.all(fleet.map((instance) => instance.ready));
      return fleet;
    }

    const signals = () => fleet.flatMap((instance) => instance.signals);
    const waitFor = async (
      what: string,
      done: () => boolean | Promise<boolean>,
      timeoutMs = 15_000,
    ) => {
      const start = Date.now();
      while (!(await done())) {
        if (Date.now() - start > timeoutMs) throw new Error(`gave up waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    it('trips the fleet on 30 failures spread over three instances, none of which could alone', async () => {
      await start();
      // 10 failing calls each: below MinRequests(20) per instance, 30 for the fleet.
      const runs = await Promise.all(fleet.map((i) => i.run({ calls: 10, fail: true, gapMs: 10 })));
      for (const r of runs) expect(r.other).toEqual([]);
      await waitFor('a fleet trip', () => signals().some((s) => s.newState === 'open'));
      const rejectedAfter = await Promise.all(
        fleet.map((i) => i.request<number | null>('untilRejected', { gapMs: 5, timeoutMs: 2_000 })),
      );
      console.log(
        `fleet trip seen by every instance within ${rejectedAfter.map((ms) => ms?.toFixed(0)).join(', ')} ms`,
      );
      for (const ms of rejectedAfter) {
        expect(ms).not.toBeNull();
        expect(ms!).toBeLessThan(100 * 3); // about 100 ms, with room for a loaded machine
      }
    });

    it("announces the trip once: exactly one 'local' closed -> open signal fleet-wide", async () => {
      await start();
      await Promise.all(fleet.map((i) => i.run({ calls: 15, fail: true, concurrency: 3 })));
      await waitFor('every instance to hear of the trip', () =>
        fleet.every((i) => i.signals.some((s) => s.newState === 'open')),
      );
      const trips = signals().filter((s) => s.oldState === 'closed' && s.newState === 'open');
      expect(trips.filter((s) => s.origin === 'local')).toHaveLength(1);
      expect(trips.filter((s) => s.origin === 'fleet')).toHaveLength(2);
    });

    it('runs at most maxHalfOpenCalls probes at once, fleet-wide', async () => {
      await start();
      await Promise.all(fleet.map((i) => i.run({ calls: 10, fail: true, gapMs: 5 })));
      await waitFor('the trip', () =>
        fleet.every((i) => i.signals.some((s) => s.newState === 'open')),
      );
      // Every instance presses: 10 workers each, each call holding 200 ms, until probes ran (the
      // first calls are rejected until the cooldown has passed and leases arrived).
      const probes: [number, number][] = [];
      await waitFor('probes', async () => {
        const runs = await Promise.all(
          fleet.map((i) =>
            i.run({ calls: 60, fail: false, holdMs: 200, gapMs: 10, concurrency: 10 }),
          ),
        );
        probes.push(...runs.flatMap((r) => r.probes));
        return probes.length > 0;
      });
      expect(maxOverlap(probes)).toBeLessThanOrEqual(MAX_PROBES);
    });

    it('never fails or delays a call while Redis is killed or slow, breaks locally, re-syncs after', async () => {
      // A long cooldown: the instances stay open until Redis is back, so the re-sync is visible.
      await start({ minRequests: 10, cooldownMs: 60_000 });
      const steady = Promise.all(fleet.map((i) => i.run({ calls: 200, fail: false, gapMs: 2 })));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.kill();
      const during = await steady;
      for (const r of during) {
        expect(r.other).toEqual([]);
        expect(r.failed + r.rejected).toBe(0);
        expect(r.maxLatencyMs).toBeLessThan(NO_WAIT_MS);
      }
      // Reported once per instance, not once per call.
      await waitFor('each instance to report the outage', () =>
        fleet.every((i) => i.faults.length > 0),
      );
      for (const i of fleet)
        expect(i.faults.filter((f) => f.name === 'StoreUnavailableError')).toHaveLength(1);

      // Breaking goes on locally: each instance trips on its own calls (over half of its window,
      // which holds its 200 successes).
      const local = await Promise.all(fleet.map((i) => i.run({ calls: 250, fail: true })));
      for (const r of local) expect(r.rejected).toBeGreaterThan(0);
      for (const i of fleet) {
        expect(i.signals.filter((s) => s.newState === 'open' && s.origin === 'local')).toHaveLength(
          1,
        );
      }

      await server.restart();
      const redis = new Redis({ host: server.host, port: server.port });
      try {
        // Each instance reaches Redis again by itself; the first offers its open state, the
        // others adopt it: one fleet deadline.
        const key = `{fluxgate:fleet-${process.pid}-${circuits}}:state`;
        await waitFor('the fleet to re-sync', async () => {
          if ((await redis.hget(key, 's').catch(() => null)) !== 'open') return false;
          const infos = await Promise.all(
            fleet.map((i) => i.request<{ state: string; retryAt: number }>('info')),
          );
          const retryAts = infos.map((info) => info.retryAt);
          return (
            infos.every((info) => info.state === 'open') &&
            Math.max(...retryAts) - Math.min(...retryAts) < 100
          );
        });
      } finally {
        redis.disconnect();
      }

      // A slow server: calls neither wait for it nor fail because of it.
      const slow = new Redis({ host: server.host, port: server.port });
      try {
        const busy = Promise.all(fleet.map((i) => i.run({ calls: 100, fail: false, gapMs: 3 })));
        await slow.call('DEBUG', 'SLEEP', '1');
        for (const r of await busy) {
          expect(r.other).toEqual([]);
          expect(r.maxLatencyMs).toBeLessThan(NO_WAIT_MS);
        }
      } finally {
        slow.disconnect();
      }
    });
  },
);
