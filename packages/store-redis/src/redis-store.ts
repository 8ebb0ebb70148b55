import {
  AsyncCircuitBreaker,
  Cooldown,
  CountWindow,
  FailureStreak,
  HalfOpened,
} from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';
import { NOTE_KEY_COUNT, NOTE_LUA } from './annotation-lua';
import { ACQUIRE_LUA, KEY_COUNT, SYNC_LUA, TRANSITION_LUA } from './lua';
import { circuitName, type RedisStoreOptions, type StoreSettings, storeSettings } from './options';
import type { NoteRunner } from './redis-annotations';
import { RedisCircuit, type ScriptRunner } from './redis-circuit';

const SCRIPTS = {
  fluxgateSync: SYNC_LUA,
  fluxgateTransition: TRANSITION_LUA,
  fluxgateAcquire: ACQUIRE_LUA,
} as const;

type Scripted = Record<
  keyof typeof SCRIPTS | 'fluxgateNote',
  (...args: (string | number)[]) => Promise<unknown>
>;

/**
 * Circuits shared by every instance of a service, kept in Redis. Give `store.circuit(name)` to
 * a breaker's `store` option: every breaker, in any process, that names the same circuit on the
 * same Redis shares its state, generation and window. The breaker never waits for Redis: it
 * decides locally, sends outcomes in batches and adopts what Redis answers; while Redis is
 * slow or down it runs on its local state.
 *
 * The store's commands run behind a small breaker of its own (three failures in a row open it
 * for a second), so an unreachable Redis costs nothing per call.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { AsyncCircuitBreaker, TimeWindow } from '@fluxgate/core';
 * import { RedisStore } from '@fluxgate/store-redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!, { commandTimeout: 250, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
 * const store = new RedisStore({ client: redis });
 * const breaker = new AsyncCircuitBreaker({ store: store.circuit('payments'), window: new TimeWindow(60_000) });
 * // on shutdown
 * await store.close();
 * await redis.quit();
 * ```
 */
export class RedisStore {
  private readonly settings: StoreSettings;
  private readonly guard: AsyncCircuitBreaker;
  private readonly flushes = new Set<() => Promise<void>>();
  private readonly run: ScriptRunner;
  private readonly note: NoteRunner;
  private closed: Promise<void> | undefined;
  private refusing = false;

  constructor(options: RedisStoreOptions) {
    this.settings = storeSettings(options);
    const client = this.settings.client as unknown as Scripted & {
      defineCommand(name: string, definition: { lua: string; numberOfKeys: number }): void;
    };
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      // EVALSHA, with EVAL when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH).
      if (typeof client[name as keyof Scripted] !== 'function') {
        client.defineCommand(name, { lua, numberOfKeys: KEY_COUNT });
      }
    }
    if (typeof client.fluxgateNote !== 'function') {
      client.defineCommand('fluxgateNote', { lua: NOTE_LUA, numberOfKeys: NOTE_KEY_COUNT });
    }
    this.guard = new AsyncCircuitBreaker({
      timeout: this.settings.commandTimeout,
      window: new CountWindow(10),
      tripper: new HalfOpened().and(new FailureStreak(1)).or(new FailureStreak(3)),
      retry: new Cooldown(1_000),
      permit: new All(),
      maxHalfOpenCalls: 1,
      // The circuits report the store's unavailability to their breakers' onListenerError.
      onListenerError: () => {},
    });
    this.run = (script, keys, args) => {
      if (this.refusing) return Promise.reject(new Error('RedisStore is closed'));
      return this.guard.call(() => client[script](...keys, ...args));
    };
    this.note = (key, args) => {
      if (this.refusing) return Promise.reject(new Error('RedisStore is closed'));
      return this.guard.call(() => client.fluxgateNote(key, ...args));
    };
  }

  /** The circuit `name` (a non-empty string without `{` or `}`), for a breaker's `store` option. */
  circuit(name: string): RedisCircuit {
    const s = this.settings;
    return new RedisCircuit(
      circuitName(name),
      s.prefix,
      s.batchMs,
      s.leaseMs,
      s.quietBatchMs,
      s.keyTtl,
      (script, keys, args) => this.run(script, keys, args),
      this.flushes,
      (key, args) => this.note(key, args),
    );
  }

  /**
   * Sends what every circuit's breakers still have pending, then refuses further requests (the
   * breakers go on with their local state). The client stays open: it is the app's to close.
   * Idempotent.
   */
  close(): Promise<void> {
    if (this.closed === undefined) {
      const pending = Promise.all([...this.flushes].map((flush) => flush().catch(() => {})));
      this.closed = pending.then(() => {
        this.refusing = true;
      });
    }
    return this.closed;
  }
}
