// Runs `--fleet --fast` in a child process (three instance processes, a real redis-server, the
// built packages) and checks each fact its summary claims. Skipped, and reported as skipped,
// without a redis-server binary.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBinary, findRedisServer } from '@fluxgate/test-servers';
import { startDemo } from './demo-process';
import { FLEET_RULE, INSTANCES } from './fleet-settings';
import type { FleetSummary } from './fleet-summary';

const redis = findRedisServer();

describeWithBinary(redis, 'pnpm demo --fleet --fast', () => {
  const out = mkdtempSync(join(tmpdir(), 'fluxgate-fleet-demo-'));
  let result: { code: number | null; stdout: string; stderr: string; ms: number };
  let summary: FleetSummary;

  beforeAll(async () => {
    result = await startDemo(['--fleet', '--fast', '--out', out]).exited;
    if (result.code !== 0) throw new Error(`the demo failed:\n${result.stdout}\n${result.stderr}`);
    summary = JSON.parse(readFileSync(join(out, 'fleet-summary.json'), 'utf8')) as FleetSummary;
  }, 90_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('exits 0 without writing to stderr and prints the summary', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Summary');
    expect(result.stdout).toMatch(/fleet trip +at [\d.]+ s [ABC] opened the circuit/);
  });

  it('trips once, fleet-wide, on calls no single instance had enough of', () => {
    const trips = summary.localTransitions.filter((t) => t.from === 'closed' && t.to === 'open');
    expect(trips).toHaveLength(1);
    const trip = summary.trip!;
    expect(trip.windowCalls).toBeGreaterThanOrEqual(FLEET_RULE.minRequests);
    for (const own of Object.values(trip.ownCalls)) {
      expect(own).toBeLessThan(FLEET_RULE.minRequests);
    }
    expect([...trip.adoptedBy].sort()).toEqual(summary.instances.filter((n) => n !== trip.by));
  });

  it('raises one alert: one "Triggered" post, and each transition posted once fleet-wide', () => {
    expect(summary.slack.triggered).toBe(1);
    // Three listeners, one post per transition: only the instance that made it posts.
    expect(summary.slack.posts).toBe(summary.localTransitions.length);
    expect(summary.slack.posts).toBeGreaterThanOrEqual(3);
  });

  it('keeps the incident in one Slack thread, though several instances posted in it', () => {
    const posters = new Set(summary.localTransitions.map((t) => t.by));
    expect(posters.size).toBeGreaterThan(1);
    expect(summary.slack.topLevel).toBe(1);
  });

  it('caps probes fleet-wide', () => {
    expect(summary.probes.total).toBeGreaterThanOrEqual(FLEET_RULE.probesToClose);
    expect(summary.probes.maxInFlight).toBeGreaterThanOrEqual(1);
    expect(summary.probes.maxInFlight).toBeLessThanOrEqual(FLEET_RULE.maxProbes);
  });

  it('keeps every call working while Redis is down, reports it once, and re-syncs', () => {
    const down = summary.redisDown!;
    expect(down.to).not.toBeNull();
    expect(down.calls.ok).toBeGreaterThan(0);
    expect(down.calls.failed + down.calls.broken + down.calls.rejected).toBe(0);
    for (const count of Object.values(down.reports)) expect(count).toBe(1);
    expect(Object.keys(down.reports)).toHaveLength(INSTANCES);
    // The trip came after the restart and was shared: the fleet was one circuit again.
    expect(summary.trip!.at).toBeGreaterThan(down.to!);
    expect(summary.calls.broken).toBe(0);
  });

  it('ends with every instance closed', () => {
    expect(Object.values(summary.finalStates)).toEqual(Array(INSTANCES).fill('closed'));
  });
});

describeWithBinary(redis, 'pnpm demo --fleet, Ctrl-C', () => {
  it('stops the instances and every redis-server it started, exit 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fluxgate-fleet-demo-'));
    try {
      const run = startDemo(['--fleet', '--fast', '--out', out]);
      await new Promise<void>((ready) => {
        const poll = setInterval(() => {
          if (!/^ +1s {2}/m.test(run.stdout())) return;
          clearInterval(poll);
          ready();
        }, 20);
      });
      run.child.kill('SIGINT');
      const { code, stdout, stderr } = await run.exited;
      expect(stderr).toBe('');
      expect(stdout).toContain('Stopped: servers closed.');
      expect(code).toBe(130);
      const pids = [...stdout.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
      // Three instances and the first redis-server, at least.
      expect(pids.length).toBeGreaterThanOrEqual(INSTANCES + 1);
      const alive = pids.filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      expect(alive).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('pnpm demo --fleet without redis-server', () => {
  it('says so and exits 0 without running anything', async () => {
    const run = await startDemo(['--fleet', '--fast'], {
      REDIS_SERVER_BIN: join(tmpdir(), 'no-such-redis-server'),
    }).exited;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('pnpm demo --fleet needs a redis-server and found none');
    expect(run.stdout).not.toContain('Summary');
  }, 30_000);
});
