// Model-based test of the scripts: random interleavings of record / transition / acquire /
// release from three clients (three connections, three instance ids) against one circuit on a
// real redis-server, each reply checked against a sequential model of the circuit.
import type { State } from '@fluxgate/core';
import fc from 'fast-check';
import type { RedisCircuit } from './redis-circuit';
import { RedisStore } from './redis-store';
import { describeWithRedis, useRedisServer } from './testing/redis-fixture';

jest.setTimeout(120_000);

const CLIENTS = 3;
const MAX_PROBES = 3;
const BUCKET_MS = 1_000;
const TTL = 60_000;
const STATES: State[] = ['closed', 'open', 'half_open', 'metrics_only', 'disabled', 'forced_open'];

interface Model {
  state: State;
  generation: number;
  reopens: number;
  /** Whether the open circuit's retry time has passed (delay 0) or not (a long delay). */
  retryPassed: boolean;
  calls: number;
  failures: number;
  /** Live leases per client. */
  leases: string[][];
  /** Highest batch number applied per client, and the last one sent. */
  seen: number[];
  sent: number[];
}

/** What a client holds of the fleet's window, kept up to date from partial replies. */
interface Held {
  generation: number;
  version: number;
  buckets: Map<number, { calls: number; failures: number }>;
}

interface Real {
  circuits: RedisCircuit[];
  held: Held[];
}

type Cmd = fc.AsyncCommand<Model, Real>;

function checkView(
  model: Model,
  fleet: { state: State; generation: number; reopens: number },
  what: string,
) {
  expect({
    what,
    state: fleet.state,
    generation: fleet.generation,
    reopens: fleet.reopens,
  }).toEqual({
    what,
    state: model.state,
    generation: model.generation,
    reopens: model.reopens,
  });
}

function newEpisode(model: Model, to: State) {
  model.generation++;
  model.state = to;
  model.calls = 0;
  model.failures = 0;
  model.leases = model.leases.map(() => []);
}

class Record implements Cmd {
  constructor(
    readonly client: number,
    readonly calls: number,
    readonly failures: number,
    readonly resend: boolean,
    readonly stale: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const c = this.client;
    const seq = this.resend && model.sent[c] > 0 ? model.sent[c] : model.sent[c] + 1;
    model.sent[c] = seq;
    const generation = this.stale ? model.generation - 1 : model.generation;
    const held = real.held[c];
    // Like a breaker's window: what it holds belongs to one generation; another asks for all.
    const since = held.generation === generation ? held.version : 0;
    const { fleet, window, version, partial } = await real.circuits[c].sync({
      instance: `i${c}`,
      seq,
      generation,
      bucketMs: BUCKET_MS,
      buckets: 100_000,
      ttlMs: TTL,
      deltas: [
        {
          bucket: Math.floor(Date.now() / BUCKET_MS),
          calls: this.calls,
          failures: this.failures,
          duration: 0,
          slow: [],
        },
      ],
      releases: [],
      since,
    });
    if (seq > model.seen[c]) {
      model.seen[c] = seq;
      if (generation === model.generation) {
        model.calls += this.calls;
        model.failures += this.failures;
      }
    }
    checkView(model, fleet, this.toString());
    const calls = window.reduce((n, b) => n + b.calls, 0);
    const failures = window.reduce((n, b) => n + b.failures, 0);
    if (partial) {
      expect({ what: this.toString(), since: since > 0 }).toEqual({
        what: this.toString(),
        since: true,
      });
    } else {
      expect({ calls, failures }).toEqual({ calls: model.calls, failures: model.failures });
      held.buckets.clear();
    }
    for (const b of window) held.buckets.set(b.bucket, { calls: b.calls, failures: b.failures });
    held.generation = fleet.generation;
    held.version = version ?? 0;
    // Whole or partial, what the client now holds is the fleet's window.
    let heldCalls = 0;
    let heldFailures = 0;
    for (const b of held.buckets.values()) {
      heldCalls += b.calls;
      heldFailures += b.failures;
    }
    expect({ what: this.toString(), calls: heldCalls, failures: heldFailures }).toEqual({
      what: this.toString(),
      calls: model.calls,
      failures: model.failures,
    });
  }
  toString = () =>
    `record(c${this.client}, ${this.calls}/${this.failures}${this.resend ? ', resend' : ''}${this.stale ? ', stale' : ''})`;
}

class Transition implements Cmd {
  constructor(
    readonly client: number,
    readonly to: State,
    readonly known: boolean,
    readonly manual: boolean,
    readonly retryPassed: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const expected = this.manual ? -1 : this.known ? model.generation : model.generation + 1;
    const { won, fleet } = await real.circuits[this.client].transition({
      expectedGeneration: expected,
      from: model.state,
      to: this.to,
      delay: this.retryPassed ? 0 : 600_000,
      ttlMs: TTL,
    });
    const wins = expected === -1 || expected === model.generation;
    if (wins) {
      const from = model.state;
      newEpisode(model, this.to);
      if (this.to === 'open') {
        if (from === 'half_open') model.reopens++;
        model.retryPassed = this.retryPassed;
      }
      if (this.to === 'closed') model.reopens = 0;
    }
    expect({ what: this.toString(), won }).toEqual({ what: this.toString(), won: wins });
    checkView(model, fleet, this.toString());
  }
  toString = () =>
    `transition(c${this.client}, ->${this.to}${this.known ? '' : ', stale'}${this.manual ? ', manual' : ''})`;
}

class Acquire implements Cmd {
  constructor(
    readonly client: number,
    readonly want: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const reply = await real.circuits[this.client].acquire({
      instance: `i${this.client}`,
      want: this.want,
      maxProbes: MAX_PROBES,
      leaseMs: 600_000,
      ttlMs: TTL,
    });
    let opened = false;
    if (model.state === 'open' && model.retryPassed) {
      newEpisode(model, 'half_open');
      opened = true;
    }
    let granted = 0;
    if (model.state === 'half_open') {
      const live = model.leases.reduce((n, l) => n + l.length, 0);
      granted = Math.max(0, Math.min(this.want, MAX_PROBES - live));
      model.leases[this.client].push(...reply.leases.slice(0, granted));
    }
    expect({ what: this.toString(), opened: reply.opened, granted: reply.leases.length }).toEqual({
      what: this.toString(),
      opened,
      granted,
    });
    checkView(model, reply.fleet, this.toString());
  }
  toString = () => `acquire(c${this.client}, ${this.want})`;
}

class Release implements Cmd {
  constructor(readonly client: number) {}
  check = (model: Readonly<Model>) => model.leases[this.client].length > 0;
  async run(model: Model, real: Real) {
    const c = this.client;
    const id = model.leases[c].pop()!;
    // A release rides on a batch with no deltas; the batch number still moves on.
    model.sent[c]++;
    model.seen[c] = model.sent[c];
    await real.circuits[c].sync({
      instance: `i${c}`,
      seq: model.sent[c],
      generation: model.generation,
      bucketMs: BUCKET_MS,
      buckets: 100_000,
      ttlMs: TTL,
      deltas: [],
      releases: [id],
    });
  }
  toString = () => `release(c${this.client})`;
}

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const commands = [
  fc
    .tuple(client, fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.boolean(), fc.boolean())
    .map(
      ([c, calls, resend, stale, failing]) =>
        new Record(c, calls, failing ? calls : Math.floor(calls / 2), resend, stale),
    ),
  fc
    .tuple(client, fc.constantFrom(...STATES), fc.boolean(), fc.boolean(), fc.boolean())
    .map(
      ([c, to, known, manual, passed]) => new Transition(c, to, known, manual && !known, passed),
    ),
  fc.tuple(client, fc.integer({ min: 1, max: 4 })).map(([c, want]) => new Acquire(c, want)),
  client.map((c) => new Release(c)),
];

describeWithRedis('Redis scripts against a sequential model', () => {
  const redis = useRedisServer();
  let stores: RedisStore[];
  let runs = 0;
  beforeAll(() => {
    stores = Array.from({ length: CLIENTS }, () => new RedisStore({ client: redis.client() }));
  });

  it('agree with the model over random interleavings from three clients', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const name = `model-${process.pid}-${++runs}`;
        const model: Model = {
          state: 'closed',
          generation: 0,
          reopens: 0,
          retryPassed: false,
          calls: 0,
          failures: 0,
          leases: Array.from({ length: CLIENTS }, () => []),
          seen: Array(CLIENTS).fill(0),
          sent: Array(CLIENTS).fill(0),
        };
        const real = {
          circuits: stores.map((store) => store.circuit(name)),
          held: stores.map(() => ({ generation: -1, version: 0, buckets: new Map() })),
        };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      }),
      { numRuns: 60 },
    );
  });
});
