// The fleet demo's summary: each fact the story is meant to show, computed from the log (pure),
// then formatted.
import type { State } from '@fluxgate/core';
import { maxOverlap } from '@fluxgate/test-servers';
import type { FleetCall, FleetLog } from './fleet-log';
import type { FleetCallResult } from './fleet-messages';
import { FLEET_RULE } from './fleet-settings';
import { duration, plural } from './format';

type Tally = Record<FleetCallResult, number> & { total: number };

/** What the fleet demo found, also written as `summary.json`. */
export interface FleetSummary {
  readonly instances: readonly string[];
  readonly durationMs: number;
  readonly calls: Tally;
  /** The fleet's trip: who made it, on what window, and how fast the others followed. */
  readonly trip: {
    readonly by: string;
    readonly at: number;
    readonly windowCalls: number;
    readonly windowFailures: number;
    /** Each instance's own recorded calls in the window that tripped (ended in its span). */
    readonly ownCalls: Readonly<Record<string, number>>;
    /** The instances that adopted it, and the longest they took. */
    readonly adoptedBy: readonly string[];
    readonly adoptedWithinMs: number | null;
  } | null;
  /** Every transition, once per instance that made it (`'local'`); the others adopted them. */
  readonly localTransitions: readonly {
    readonly at: number;
    readonly by: string;
    readonly from: State;
    readonly to: State;
  }[];
  readonly fleetSignals: number;
  readonly slack: {
    readonly posts: number;
    readonly topLevel: number;
    /** Posts announcing a trip from closed (the incident's alert). */
    readonly triggered: number;
  };
  readonly probes: { readonly total: number; readonly maxInFlight: number; readonly cap: number };
  /** Redis killed and restarted: the calls meanwhile and what the instances said. */
  readonly redisDown: {
    readonly from: number;
    readonly to: number | null;
    readonly calls: Tally;
    readonly maxOverheadMs: number | null;
    /** `StoreUnavailableError` reports per instance (for the whole run). */
    readonly reports: Readonly<Record<string, number>>;
  } | null;
  readonly finalStates: Readonly<Record<string, State>>;
}

function tally(calls: readonly FleetCall[]): Tally {
  const t: Tally = { ok: 0, failed: 0, rejected: 0, broken: 0, total: 0 };
  for (const call of calls) {
    t[call.result]++;
    t.total++;
  }
  return t;
}

/** Computes the summary; `window` is the breaker's TimeWindow length in ms. */
export function summarizeFleet(
  log: FleetLog,
  run: {
    instances: readonly string[];
    durationMs: number;
    window: number;
    finalStates: Record<string, State>;
  },
): FleetSummary {
  const local = log.signals.filter((s) => s.origin === 'local');
  const tripSignal = local.find((s) => s.from === 'closed' && s.to === 'open');
  let trip: FleetSummary['trip'] = null;
  if (tripSignal !== undefined) {
    // The trip's signal on the other instances: a 'fleet' closed -> open before the next local
    // transition (it may even arrive before the maker's own signal, which waits for the store).
    const next = local.find((s) => s.at > tripSignal.at)?.at ?? Number.POSITIVE_INFINITY;
    const adopted = log.signals.filter(
      (s) => s.origin === 'fleet' && s.from === 'closed' && s.to === 'open' && s.at < next,
    );
    const ownCalls: Record<string, number> = {};
    for (const name of run.instances) {
      ownCalls[name] = log.calls.filter(
        (c) =>
          c.instance === name &&
          (c.result === 'ok' || c.result === 'failed') &&
          c.at > tripSignal.at - run.window &&
          c.at <= tripSignal.at,
      ).length;
    }
    trip = {
      by: tripSignal.instance,
      at: tripSignal.at,
      windowCalls: tripSignal.windowCalls,
      windowFailures: tripSignal.windowFailures,
      ownCalls,
      adoptedBy: adopted.map((s) => s.instance),
      adoptedWithinMs:
        adopted.length === 0 ? null : Math.max(...adopted.map((s) => s.at - tripSignal.at)),
    };
  }
  let redisDown: FleetSummary['redisDown'] = null;
  if (log.redisDown !== null) {
    const { from, to } = log.redisDown;
    const during = log.calls.filter((c) => c.at >= from && (to === null || c.at <= to));
    const reports: Record<string, number> = {};
    for (const name of run.instances) {
      reports[name] = log.faults.filter(
        (f) => f.instance === name && f.name === 'StoreUnavailableError',
      ).length;
    }
    redisDown = {
      from,
      to,
      calls: tally(during),
      maxOverheadMs: during.length === 0 ? null : Math.max(...during.map((c) => c.overheadMs)),
      reports,
    };
  }
  return {
    instances: run.instances,
    durationMs: run.durationMs,
    calls: tally(log.calls),
    trip,
    localTransitions: local.map((s) => ({ at: s.at, by: s.instance, from: s.from, to: s.to })),
    fleetSignals: log.signals.length - local.length,
    slack: {
      posts: log.posts.length,
      topLevel: log.posts.filter((p) => !p.reply).length,
      triggered: log.posts.filter((p) => p.text.includes('Circuit Breaker Triggered')).length,
    },
    probes: {
      total: log.probes.length,
      maxInFlight: maxOverlap(log.probes),
      cap: FLEET_RULE.maxProbes,
    },
    redisDown,
    finalStates: run.finalStates,
  };
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;

/** Why the incident's posts are in one thread, or why not. */
function threadNote(topLevel: number): string {
  if (topLevel === 1) return ' — one thread for the incident, whichever instance posted';
  if (topLevel === 0) return '';
  return ' — a post found no published thread (Redis down, or none within 2 s)';
}

/** The summary as terminal lines, one fact each. */
export function formatFleetSummary(s: FleetSummary): string[] {
  const n = s.instances.length;
  const lines = [
    `calls         ${s.calls.total} from ${n} instances: ${s.calls.ok} ok, ${s.calls.failed} failed, ${s.calls.rejected} rejected fast, ${s.calls.broken} broken by the breaker or Redis`,
  ];
  if (s.trip === null) {
    lines.push('fleet trip    the circuit never opened');
  } else {
    const t = s.trip;
    const own = Object.entries(t.ownCalls)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    const most = Math.max(...Object.values(t.ownCalls));
    lines.push(
      `fleet trip    at ${seconds(t.at)} ${t.by} opened the circuit on the fleet's window: ${t.windowFailures} of ${plural(t.windowCalls, 'call')} failed`,
      `              each instance's own calls in that window: ${own} — ${most < FLEET_RULE.minRequests ? `none reaches MinRequests(${FLEET_RULE.minRequests}) alone` : `MinRequests(${FLEET_RULE.minRequests}) reached by one instance alone`}`,
      t.adoptedWithinMs === null
        ? '              no other instance adopted it'
        : `              ${t.adoptedBy.join(', ')} adopted it ('fleet') within ${duration(t.adoptedWithinMs)}`,
    );
  }
  const trips = s.localTransitions.filter((t) => t.from === 'closed' && t.to === 'open').length;
  const replies = s.slack.posts - s.slack.topLevel;
  lines.push(
    `one alert     ${plural(trips, "'local'")} closed → open fleet-wide, ${plural(s.slack.triggered, '"Triggered" post')} on Slack; ${plural(s.slack.posts, 'post')} for ${plural(s.localTransitions.length, 'transition')} (each posted once, by the instance that made it)`,
    `              threads: ${s.slack.topLevel} top-level ${s.slack.topLevel === 1 ? 'post' : 'posts'}, ${replies} ${replies === 1 ? 'reply' : 'replies'}${threadNote(s.slack.topLevel)}`,
  );
  lines.push(
    `probes        at most ${s.probes.maxInFlight} in flight fleet-wide (maxHalfOpenCalls ${s.probes.cap}; ${n} instances on their own could have had ${n * s.probes.cap}); ${plural(s.probes.total, 'probe')} in all`,
  );
  if (s.redisDown === null) {
    lines.push('redis down    redis-server was not stopped');
  } else {
    const r = s.redisDown;
    const reports = Object.entries(r.reports)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    lines.push(
      `redis down    killed at ${seconds(r.from)}, ${r.to === null ? 'never restarted' : `a new redis-server ready at ${seconds(r.to)}`}: ${r.calls.total} calls meanwhile, ${r.calls.ok} ok, ${r.calls.failed} failed, ${r.calls.broken} broken`,
      `              the breaker added at most ${r.maxOverheadMs === null ? '–' : `${r.maxOverheadMs.toFixed(2)} ms`} to a call; StoreUnavailableError reported once per outage (${reports})`,
    );
    if (r.to !== null && s.trip !== null && s.trip.at > r.to) {
      lines.push(
        `re-synced     the fleet trip above came after the restart, on a window the instances shared again`,
      );
    }
  }
  lines.push(
    `transitions   ${plural(s.localTransitions.length, "'local' transition")} (each adopted by the others: ${plural(s.fleetSignals, "'fleet' signal")}):`,
  );
  for (const t of s.localTransitions) {
    lines.push(`  ${seconds(t.at).padStart(7)}  ${t.from} → ${t.to} by ${t.by}`);
  }
  const finals = Object.entries(s.finalStates).map(([name, state]) => `${name} ${state}`);
  lines.push(`at the end    ${finals.join(', ')}`);
  return lines;
}
