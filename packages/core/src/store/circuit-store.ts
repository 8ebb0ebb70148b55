import type { State } from '../state';
import type { CircuitAnnotations } from './circuit-annotations';

/**
 * A circuit as the fleet sees it, in the store's own time (ms since the Unix epoch on the
 * store's clock, e.g. Redis `TIME`). Every reply of a {@link CircuitStore} carries one.
 */
export interface FleetState {
  /** The fleet's state (`'closed'` when the store holds nothing for the circuit). */
  readonly state: State;
  /** Bumped by every fleet transition; 0 for a circuit the store holds nothing for. */
  readonly generation: number;
  /** half_open -> open transitions since the fleet's circuit was last closed. */
  readonly reopens: number;
  /** Store time of the last fleet transition; `null` when the store holds nothing. */
  readonly changedAt: number | null;
  /** Store time at which open admits probes (`Infinity` for `Never`); `null` unless open. */
  readonly retryAt: number | null;
  /** The store's clock when it answered, used to map store time to the local monotonic clock. */
  readonly time: number;
}

/**
 * Outcome totals of one time bucket of the window. Buckets are numbered in store time:
 * `bucket = floor(storeTime / bucketMs)`, so every instance files a call in the same bucket.
 */
export interface BucketTotals {
  /** The bucket's number. */
  readonly bucket: number;
  /** Recorded calls. */
  readonly calls: number;
  /** Recorded failures. */
  readonly failures: number;
  /** Sum of the recorded durations, ms. */
  readonly duration: number;
  /** Slow calls per `SlowRate` threshold, as `[thresholdMs, count]` pairs. */
  readonly slow: readonly (readonly [number, number])[];
}

/** What {@link CircuitStore.sync} sends: one instance's outcomes since its last batch. */
export interface SyncRequest {
  /** Identifies the sending instance (stable for the life of one breaker). */
  readonly instance: string;
  /**
   * Batch number, increasing per instance. A store applies a batch's deltas at most once, so a
   * batch resent after a lost reply is never counted twice.
   */
  readonly seq: number;
  /** The fleet generation the outcomes belong to; a store drops deltas of any other one. */
  readonly generation: number;
  /** Width of a bucket, ms. */
  readonly bucketMs: number;
  /** How many buckets the window holds; older buckets age out. */
  readonly buckets: number;
  /** Lifetime of every key written, ms. */
  readonly ttlMs: number;
  /** Outcome deltas per bucket (may be empty: a plain refresh). */
  readonly deltas: readonly BucketTotals[];
  /** Probe leases this instance no longer needs (its probes settled). */
  readonly releases: readonly string[];
  /**
   * The {@link SyncReply.version} of the last reply whose window this instance holds (0 or
   * absent: none), so a store may answer with only the buckets changed after it.
   */
  readonly since?: number | undefined;
}

/** The answer to {@link CircuitStore.sync}: the fleet's state and its window. */
export interface SyncReply {
  /** The fleet's circuit. */
  readonly fleet: FleetState;
  /** The fleet's totals per live bucket of the current generation. */
  readonly window: readonly BucketTotals[];
  /** The window's version after this request, sent back as {@link SyncRequest.since}. */
  readonly version?: number | undefined;
  /**
   * Whether {@link window} holds only the buckets changed after `since` (the others are as the
   * sender last saw them); absent or false: it holds every live bucket.
   */
  readonly partial?: boolean | undefined;
}

/** A compare-and-set transition, sent by {@link CircuitStore.transition}. */
export interface TransitionRequest {
  /** The generation the sender saw; `-1` applies the transition whatever it is (manual controls). */
  readonly expectedGeneration: number;
  /** The state the sender saw. */
  readonly from: State;
  /** The state to move to. */
  readonly to: State;
  /** For `to === 'open'`: the retry delay drawn by the sender, ms (`Infinity` allowed). */
  readonly delay: number;
  /** Lifetime of every key written, ms (the store keeps an open circuit's keys past `retryAt`). */
  readonly ttlMs: number;
}

/** The answer to {@link CircuitStore.transition}. */
export interface TransitionReply {
  /** Whether this request made the transition (its generation and state still matched). */
  readonly won: boolean;
  /** The fleet's circuit after the request. */
  readonly fleet: FleetState;
}

/** A request for half_open probe leases, sent by {@link CircuitStore.acquire}. */
export interface AcquireRequest {
  /** Identifies the requesting instance. */
  readonly instance: string;
  /** How many leases the instance would use now. */
  readonly want: number;
  /** The most leases live at once, fleet-wide (`maxHalfOpenCalls`). */
  readonly maxProbes: number;
  /** How long a lease lives unless released, ms (a crashed prober cannot wedge the circuit). */
  readonly leaseMs: number;
  /** Lifetime of every key written, ms. */
  readonly ttlMs: number;
}

/** The answer to {@link CircuitStore.acquire}. */
export interface AcquireReply {
  /** Whether this request moved the fleet from open to half_open (its retry time had passed). */
  readonly opened: boolean;
  /** The leases granted (none unless the fleet is in half_open and has free probe slots). */
  readonly leases: readonly string[];
  /** The fleet's circuit after the request. */
  readonly fleet: FleetState;
}

/**
 * The `store` option of both breakers: where one circuit's fleet-wide state lives. Without one a
 * breaker keeps its state in memory (the default, and free). `@fluxgate/store-redis` implements
 * it over Redis; anything that can run the three operations atomically can.
 *
 * The breaker never awaits a store on a caller's path: it calls these methods in the background
 * and adopts what they return. A rejected promise means "the store is unavailable"; the breaker
 * then runs on its local state until a later call succeeds.
 *
 * @example
 * ```ts
 * import { RedisStore } from '@fluxgate/store-redis';
 *
 * const store = new RedisStore({ client: redis });
 * const breaker = new AsyncCircuitBreaker({ store: store.circuit('payments'), window: new TimeWindow(60_000) });
 * ```
 */
export interface CircuitStore {
  /** The circuit's name in the store: every breaker given the same name shares one circuit. */
  readonly name: string;
  /** How long outcomes wait locally before they are sent in one batch, ms. */
  readonly batchMs: number;
  /**
   * How long a batch of only successful, fast calls of a closed circuit waits, ms (absent:
   * {@link batchMs}). Such a batch cannot move a tripper, so it may wait longer: the store then
   * costs less per call; failures and slow calls still go out after `batchMs`.
   */
  readonly quietBatchMs?: number | undefined;
  /** Lease lifetime used when the breaker has no call timeout, ms. */
  readonly leaseMs: number;
  /** Adds outcome deltas, releases leases and reads the fleet's state and window. */
  sync(request: SyncRequest): Promise<SyncReply>;
  /** Moves the fleet's circuit if the request's generation and state still hold. */
  transition(request: TransitionRequest): Promise<TransitionReply>;
  /** Moves open to half_open once its retry time passed, and grants probe leases. */
  acquire(request: AcquireRequest): Promise<AcquireReply>;
  /**
   * Called once by the breaker that uses this circuit, with a function that sends whatever
   * it has pending (so the store's `close()` can send it). Returns a function that undoes it.
   */
  register(flush: () => Promise<void>): () => void;
  /**
   * The circuit's annotations, shared by the listeners of every breaker that uses it (optional:
   * without them each breaker keeps its own in memory). Writes renew the circuit's lifetime.
   */
  readonly annotations?: CircuitAnnotations | undefined;
}
