import { checkOptions, describeValue } from '@fluxgate/core';
import type { Cluster, Redis } from 'ioredis';

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions {
  /**
   * The app's ioredis client (`Redis` or `Cluster`); it stays the app's to close. Create it
   * with a short `commandTimeout`, `enableOfflineQueue: false` and `maxRetriesPerRequest: 0`
   * so a command to an unreachable Redis fails at once instead of waiting in a queue (the
   * store also gives up after its own `commandTimeout`, but a queued command still runs later).
   */
  client: Redis | Cluster;
  /** Prefix of every key (default `'fluxgate'`); keys are `{<prefix>:<circuit>}:<part>`. */
  prefix?: string | undefined;
  /** How long outcomes wait before they go out in one batch, ms (default 10). */
  batchMs?: number | undefined;
  /**
   * How long a batch of only successful, fast calls of a closed circuit waits, ms (default 100,
   * at least `batchMs`). Such outcomes cannot trip the circuit, so they may wait: a healthy
   * circuit costs a script call per `quietBatchMs`, and still hears of a fleet trip within it;
   * a failure or a slow call sends the batch after `batchMs`.
   */
  quietBatchMs?: number | undefined;
  /** Lease lifetime for breakers without a call `timeout`, ms (default 30 000). */
  leaseMs?: number | undefined;
  /** The store stops waiting for Redis after this long, ms (default 250). */
  commandTimeout?: number | undefined;
  /** Least lifetime of every key, ms (default one day); open circuits keep theirs past `retryAt`. */
  keyTtl?: number | undefined;
}

/** The validated options, defaults filled in. */
export interface StoreSettings {
  readonly client: Redis | Cluster;
  readonly prefix: string;
  readonly batchMs: number;
  readonly quietBatchMs: number;
  readonly leaseMs: number;
  readonly commandTimeout: number;
  readonly keyTtl: number;
}

const KEYS = [
  'client',
  'prefix',
  'batchMs',
  'quietBatchMs',
  'leaseMs',
  'commandTimeout',
  'keyTtl',
] as const;

function fail(param: string, rule: string, value: unknown, type = false): never {
  const message = `RedisStore: ${param} must be ${rule}, got ${describeValue(value)}`;
  throw type ? new TypeError(message) : new RangeError(message);
}

function ms(param: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const rule = `a finite number of ms in (0, ${max}]`;
  if (typeof value !== 'number') fail(param, rule, value, true);
  if (!(value > 0 && value <= max)) fail(param, rule, value);
  return value;
}

/** Checks the options of `new RedisStore(options)` and fills in the defaults. */
export function storeSettings(options: unknown): StoreSettings {
  // Each option read once, unknown names refused with the list of valid ones.
  const opts = checkOptions('RedisStore', 'options', options, KEYS, 'an object { client }');
  const client = opts.client as { defineCommand?: unknown } | undefined;
  if (client === null || typeof client !== 'object' || typeof client.defineCommand !== 'function') {
    fail('client', 'an ioredis Redis or Cluster client', opts.client, true);
  }
  const prefix = opts.prefix ?? 'fluxgate';
  if (typeof prefix !== 'string' || prefix === '' || /[{}]/.test(prefix)) {
    fail('prefix', 'a non-empty string without { or }', prefix, typeof prefix !== 'string');
  }
  const batchMs = ms('batchMs', opts.batchMs, 10, 60_000);
  const quietBatchMs = ms('quietBatchMs', opts.quietBatchMs, Math.max(100, batchMs), 60_000);
  if (quietBatchMs < batchMs) {
    fail('quietBatchMs', `at least batchMs (${batchMs})`, quietBatchMs);
  }
  return {
    client: opts.client as Redis | Cluster,
    prefix,
    batchMs,
    quietBatchMs,
    leaseMs: ms('leaseMs', opts.leaseMs, 30_000, 3_600_000),
    commandTimeout: ms('commandTimeout', opts.commandTimeout, 250, 60_000),
    keyTtl: ms('keyTtl', opts.keyTtl, 86_400_000, 30 * 86_400_000),
  };
}

/** Checks a circuit's name for `store.circuit(name)`. */
export function circuitName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || /[{}]/.test(name)) {
    const message = `RedisStore.circuit: name must be a non-empty string without { or }, got ${describeValue(name)}`;
    throw typeof name === 'string' ? new RangeError(message) : new TypeError(message);
  }
  return name;
}
