// `pnpm demo --fleet`: three instances (child processes) share the 'payments' circuit over a
// local redis-server, in front of one flaky upstream. Starts the servers and the instances,
// runs the story (Redis killed and restarted, then an outage and a slow recovery), reports.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { State } from '@fluxgate/core';
import { startRedis } from '@fluxgate/test-servers';
import type { DemoIO } from './demo';
import { FleetLog } from './fleet-log';
import type { InstanceMessage } from './fleet-messages';
import { epochNow } from './fleet-messages';
import { InstanceProcess } from './fleet-process';
import { FLEET_RULE, type FleetSettings, INSTANCES } from './fleet-settings';
import { type FleetSummary, formatFleetSummary, summarizeFleet } from './fleet-summary';
import { duration } from './format';
import { formatEvent } from './progress';
import { seededRandom } from './random';
import { scriptEnd, segmentAt } from './script';
import { DEMO_TOKEN, startSlack } from './slack-terminal';
import { sleep } from './sleep';
import { PaymentsUpstream } from './upstream';

/** What the fleet demo wrote. */
export interface FleetResult {
  readonly summary: FleetSummary;
  readonly summaryPath: string;
}

const NAMES = ['A', 'B', 'C'].slice(0, INSTANCES);

/** Live view of one instance for the progress lines. */
interface Live {
  state: State;
  windowCalls: number;
  ok: number;
  failed: number;
  rejected: number;
}

/** Runs the fleet demo with the given redis-server binary; null when `io.signal` aborted it. */
export async function runFleetDemo(
  s: FleetSettings,
  redisBinary: string,
  io: DemoIO,
): Promise<FleetResult | null> {
  const { write, style } = io;
  const log = new FleetLog();
  const closers: (() => Promise<void>)[] = [];
  const timers: NodeJS.Timeout[] = [];
  let t0 = epochNow();
  const since = (epoch: number) => epoch - t0;
  const event = (tag: string, text: string) =>
    write(formatEvent(epochNow() - t0, tag, text, style));

  try {
    const redis = await startRedis(redisBinary);
    closers.push(() => redis.stop());
    const upstream = await PaymentsUpstream.start(s.script[0]!, seededRandom(s.seed));
    closers.push(() => upstream.close());
    const slack = await startSlack(([first, ...details], placement) => {
      log.posts.push({
        at: since(epochNow()),
        text: first ?? '',
        reply: placement.replyTo !== null,
      });
      event('slack', first ?? '');
      for (const line of details) write(`${' '.repeat(17)}${line}`);
    });
    closers.push(() => slack.close());

    const live = new Map<string, Live>();
    const onMessage = (name: string) => (message: InstanceMessage) => {
      const view = live.get(name)!;
      if (message.type === 'call') {
        log.calls.push({
          instance: name,
          at: since(message.at),
          result: message.result,
          overheadMs: message.overheadMs,
        });
        if (message.probe !== null)
          log.probes.push([since(message.probe[0]), since(message.probe[1])]);
        view.state = message.state;
        view.windowCalls = message.windowCalls;
        if (message.result === 'ok') view.ok++;
        else if (message.result === 'rejected') view.rejected++;
        else view.failed++;
      } else if (message.type === 'signal') {
        log.signals.push({ instance: name, ...message, at: since(message.at) });
        view.state = message.to;
        const why =
          message.origin === 'local'
            ? `made here${message.windowCalls === 0 ? '' : `, on the fleet's window (${message.windowFailures} of ${message.windowCalls} calls failed)`}`
            : 'adopted from the fleet';
        event(
          'signal',
          `${name}  ${message.from} → ${message.to}  ${style.dim(`${message.origin}: ${why}`)}`,
        );
      } else if (message.type === 'fault') {
        log.faults.push({ instance: name, at: since(message.at), name: message.name });
        event('fault', `${name}  ${message.name}: ${message.message}`);
      }
    };
    const instances = NAMES.map((name) => {
      live.set(name, { state: 'closed', windowCalls: 0, ok: 0, failed: 0, rejected: 0 });
      return new InstanceProcess(
        {
          name,
          redisPort: redis.port,
          upstreamUrl: upstream.url,
          slackUrl: slack.url,
          slackToken: DEMO_TOKEN,
          callEvery: s.callEvery,
          window: s.window,
          bucket: s.bucket,
          cooldown: s.cooldown,
          timeout: s.timeout,
        },
        onMessage(name),
      );
    });
    closers.push(async () => {
      await Promise.all(instances.map((instance) => instance.stop(10_000)));
    });
    await Promise.all(instances.map((instance) => instance.ready));
    if (io.signal.aborted) return null;

    const total = scriptEnd(s.script);
    write(
      style.bold(
        `fluxgate demo --fleet: ${INSTANCES} instances share one circuit over Redis (${duration(total)}${s.fast ? ', --fast' : ''}, seed ${s.seed})`,
      ),
    );
    write('');
    write(
      `  redis     redis-server on 127.0.0.1:${redis.port} (pid ${redis.pid()}), killed at ${duration(s.redisKill)} and restarted at ${duration(s.redisRestart)}`,
    );
    write(
      `  upstream  ${upstream.url}  ${style.dim(s.script.map((seg) => `${seg.label} ${duration(seg.end - seg.start)}`).join(' → '))}`,
    );
    write(`  instances ${instances.map((i) => `${i.name} (pid ${i.pid})`).join(', ')}`);
    write(
      `  slack     local stand-in of Slack's Web API; every instance has its own AsyncSlackListener`,
    );
    write(
      `  breakers  ${style.dim(`one per instance, store: RedisStore.circuit('payments') · TimeWindow(${duration(s.window)}) · MinRequests(${FLEET_RULE.minRequests}) and FailureRate(${FLEET_RULE.failureRate}) · a call every ${duration(s.callEvery)} per instance · maxHalfOpenCalls ${FLEET_RULE.maxProbes} · probesToClose ${FLEET_RULE.probesToClose}`)}`,
    );
    write('');
    write(
      style.dim(
        `  time  ${'upstream'.padEnd(14)}${'redis'.padEnd(7)}${NAMES.map((n) => `${n} state     window  ok fail rej  `).join('')}`,
      ),
    );

    t0 = epochNow();
    let redisState = 'up';
    const progress = () => {
      const cells = NAMES.map((name) => {
        const v = live.get(name)!;
        const cell = `${name} ${style.state(v.state, v.state.padEnd(10))}${String(v.windowCalls).padStart(6)}${String(v.ok).padStart(4)}${String(v.failed).padStart(5)}${String(v.rejected).padStart(4)}  `;
        v.ok = v.failed = v.rejected = 0;
        return cell;
      });
      const seconds = `${Math.round((epochNow() - t0) / 1_000)}s`.padStart(6);
      write(
        `${seconds}  ${segmentAt(s.script, epochNow() - t0).label.padEnd(14)}${redisState.padEnd(7)}${cells.join('')}`,
      );
    };
    for (const segment of s.script.slice(1)) {
      timers.push(
        setTimeout(() => {
          upstream.enter(segment).catch((error: unknown) => event('error', String(error)));
          event('upstream', segment.label);
        }, segment.start),
      );
    }
    timers.push(
      setTimeout(() => {
        const pid = redis.pid();
        log.redisDown = { from: since(epochNow()), to: null };
        redisState = 'down';
        event(
          'redis',
          `redis-server killed (SIGKILL, pid ${pid}); the instances go on with their local state`,
        );
        void redis.kill();
      }, s.redisKill),
      setTimeout(() => {
        redis.restart().then(
          () => {
            if (log.redisDown !== null) log.redisDown.to = since(epochNow());
            redisState = 'up';
            event(
              'redis',
              `a new, empty redis-server is up on the same port (pid ${redis.pid()}); the instances re-sync`,
            );
          },
          (error: unknown) => event('error', `redis-server did not restart: ${String(error)}`),
        );
      }, s.redisRestart),
      setInterval(progress, s.progressEvery),
    );
    for (const instance of instances) instance.send({ cmd: 'start' });

    await sleep(total, io.signal);
    for (const timer of timers) clearInterval(timer);
    if (io.signal.aborted) return null;
    const runMs = epochNow() - t0;
    progress();
    const finalStates: Record<string, State> = {};
    for (const name of NAMES) finalStates[name] = live.get(name)!.state;
    // Each instance waits for its calls, its Slack posts and its last batches, then exits.
    await Promise.all(instances.map((instance) => instance.stop(10_000)));

    const summary = summarizeFleet(log, {
      instances: NAMES,
      durationMs: runMs,
      window: s.window,
      finalStates,
    });
    write('');
    write(style.bold('Summary'));
    for (const line of formatFleetSummary(summary)) write(`  ${line}`);
    await mkdir(io.outDir, { recursive: true });
    const summaryPath = join(io.outDir, 'fleet-summary.json');
    await writeFile(
      summaryPath,
      `${JSON.stringify({ fast: s.fast, seed: s.seed, ...summary }, null, 2)}\n`,
    );
    write('');
    write(`  summary   ${summaryPath}`);
    return { summary, summaryPath };
  } finally {
    for (const timer of timers) clearInterval(timer);
    // Instances first (they still talk to Redis and Slack), then the servers.
    const [first, ...rest] = closers.reverse();
    await first?.().catch(() => {});
    await Promise.allSettled(rest.map((close) => close()));
  }
}
