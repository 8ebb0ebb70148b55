import type {
  AcquireReply,
  AcquireRequest,
  CircuitStore,
  SyncReply,
  SyncRequest,
  TransitionReply,
  TransitionRequest,
} from '@fluxgate/core';
import { type NoteRunner, RedisAnnotations } from './redis-annotations';
import { encodeDeltas, finite, parseView, parseWindow } from './replies';

/** Runs one of the store's scripts on a circuit's four keys (through the store's own breaker). */
export type ScriptRunner = (
  script: 'fluxgateSync' | 'fluxgateTransition' | 'fluxgateAcquire',
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/** The keys of one circuit; the shared hash tag puts them in one Redis Cluster slot. */
export function circuitKeys(prefix: string, name: string): readonly string[] {
  const tag = `{${prefix}:${name}}`;
  return [`${tag}:state`, `${tag}:window`, `${tag}:leases`, `${tag}:seen`];
}

/**
 * One circuit in Redis, as a breaker's `store` option: what `RedisStore.circuit(name)` returns.
 * Every method is one script call, so one round-trip.
 */
export class RedisCircuit implements CircuitStore {
  /** The circuit's four keys. */
  readonly keys: readonly string[];
  /** What the breakers' listeners share for this circuit (e.g. the Slack thread of an incident). */
  readonly annotations: RedisAnnotations;

  constructor(
    readonly name: string,
    prefix: string,
    readonly batchMs: number,
    readonly leaseMs: number,
    readonly quietBatchMs: number,
    private readonly keyTtl: number,
    private readonly run: ScriptRunner,
    private readonly registry: Set<() => Promise<void>>,
    notes: NoteRunner,
  ) {
    this.keys = circuitKeys(prefix, name);
    this.annotations = new RedisAnnotations(`{${prefix}:${name}}:notes`, keyTtl, notes);
  }

  async sync(request: SyncRequest): Promise<SyncReply> {
    const reply = (await this.run('fluxgateSync', this.keys, [
      request.instance,
      request.seq,
      request.generation,
      request.bucketMs,
      request.buckets,
      this.ttl(request.ttlMs),
      encodeDeltas(request.deltas),
      JSON.stringify(request.releases),
      request.since ?? 0,
    ])) as unknown[];
    return {
      fleet: parseView(reply[0]),
      version: finite(reply[1], 'the window version'),
      partial: Number(reply[2]) === 1,
      window: parseWindow(reply[3]),
    };
  }

  async transition(request: TransitionRequest): Promise<TransitionReply> {
    const reply = (await this.run('fluxgateTransition', this.keys, [
      request.expectedGeneration,
      request.from,
      request.to,
      Number.isFinite(request.delay) ? Math.max(0, Math.round(request.delay)) : 'inf',
      this.ttl(request.ttlMs),
    ])) as unknown[];
    return { won: Number(reply[0]) === 1, fleet: parseView(reply[1]) };
  }

  async acquire(request: AcquireRequest): Promise<AcquireReply> {
    const reply = (await this.run('fluxgateAcquire', this.keys, [
      request.instance,
      request.want,
      request.maxProbes,
      Math.max(1, Math.round(request.leaseMs)),
      this.ttl(request.ttlMs),
    ])) as unknown[];
    const leases = Array.isArray(reply[2]) ? reply[2].map(String) : [];
    return { opened: Number(reply[0]) === 1, fleet: parseView(reply[1]), leases };
  }

  register(flush: () => Promise<void>): () => void {
    this.registry.add(flush);
    return () => this.registry.delete(flush);
  }

  private ttl(requested: number): number {
    return Math.round(Math.max(requested, this.keyTtl));
  }
}
