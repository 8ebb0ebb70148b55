import type { CircuitBreakerInfo } from '../breaker/info';
import { type Clock, monotonicClock } from '../clock';
import { isThenableQuietly } from '../thenable';
import { describeValue, invalid } from '../validate';
import { createBreaker } from './create-breaker';
import { type Entry, LruList } from './lru-list';
import {
  type BreakerRegistryOptions,
  type EvictionReason,
  type KeyedBreaker,
  type ParsedRegistryOptions,
  parseRegistryOptions,
} from './options';

const OWNER = 'BreakerRegistry';

/**
 * One circuit breaker per key — per upstream host, tenant or route — created on the first
 * {@link BreakerRegistry.get} of a key, so one bad host opens only its own circuit.
 *
 * Memory stays bounded: the registry holds at most `maxSize` breakers (default 1000).
 *
 * **Eviction rule.** When `get` adds a key to a full registry, one circuit is evicted first:
 * the least recently used circuit whose state is `closed`. Circuits in any other state (open,
 * half_open, forced_open, metrics_only, disabled) are passed over and kept, so an open circuit
 * does not come back closed because its key was evicted — until every circuit held is in such
 * a state; then the least recently used of them is evicted. Precisely: a circuit's state is
 * read (`info().state`) when eviction reaches it, from the least recently used on; one that is
 * not closed is set aside, and is looked at again only after its next `get`. When every circuit
 * held has been set aside, the one set aside first (the least recently used of them) goes.
 *
 * With `idleTimeout`, a closed circuit whose last `get` is that many ms ago is evicted lazily,
 * at the registry's next use (no timer); circuits that are not closed are kept past it.
 *
 * Eviction (for any reason, `delete` and `clear` included) calls `onEvict(key, breaker,
 * reason)`, then the breaker's `close()` (unless `closeOnEvict: false`), which closes every
 * listener that implements `close()`: a `PrometheusListener` removes the circuit's series.
 * Their faults go to `onError` and never reach the caller.
 *
 * Keys are non-empty strings (any other key is a `TypeError`), so `info()` is plain JSON with
 * one property per key. Use `String(id)` for numeric ids.
 *
 * @example
 * ```ts
 * const breakers = new BreakerRegistry({
 *   create: (host) => new AsyncCircuitBreaker({ listeners: [new PrometheusListener({ name: host })] }),
 *   maxSize: 1000,
 *   idleTimeout: 600_000,
 * });
 * await breakers.get('api.example.com').call(fetchQuote);
 * app.get('/status/circuits', (req, res) => res.json(breakers.info()));
 * ```
 */
export class BreakerRegistry<B extends KeyedBreaker = KeyedBreaker, K extends string = string>
  implements Iterable<[K, B]>
{
  /** The most breakers held at once. */
  readonly maxSize: number;
  /** Ms after which an unused closed circuit is evicted; undefined when circuits never idle out. */
  readonly idleTimeout: number | undefined;
  private readonly options: ParsedRegistryOptions<B, K>;
  private readonly clock: Clock;
  private readonly byKey = new Map<K, Entry<K, B>>();
  /** Entries in use order; eviction and the idle check start at the head. */
  private readonly active = new LruList<K, B>();
  /** Entries eviction found not closed and passed over, in the order it found them. */
  private readonly held = new LruList<K, B>();
  /** Breakers held, so `create` cannot hand one breaker to two keys. */
  private readonly breakers = new WeakSet<object>();
  /** Keys whose `create` is running, to refuse a `get` of the same key from inside it. */
  private readonly creating = new Set<K>();

  constructor(options: BreakerRegistryOptions<B, K>) {
    this.options = parseRegistryOptions(options);
    this.maxSize = this.options.maxSize;
    this.idleTimeout = this.options.idleTimeout;
    this.clock = this.options.clock ?? monotonicClock;
  }

  /**
   * The breaker of `key`, created with `create(key)` on first use. Counts as a use of the key
   * (for least-recently-used and idle eviction). Throws a `TypeError` for a key that is not a
   * non-empty string, and an `Error` (with the fault as `cause`) when `create` throws or does
   * not return a new breaker; nothing is stored then, and the next `get` tries again.
   */
  get(key: K): B {
    const entry = this.byKey.get(key);
    if (entry === undefined) return this.add(key);
    const list = entry.list!;
    if (list !== this.active || entry !== list.tail) {
      list.unlink(entry);
      this.active.push(entry);
    }
    if (this.idleTimeout !== undefined) {
      const now = this.now();
      if (now > entry.lastUsed) entry.lastUsed = now;
      this.evictIdle(now);
    }
    return entry.breaker;
  }

  /** The breaker of `key` if the registry holds one; never creates one, and is not a use. */
  peek(key: K): B | undefined {
    this.sweep();
    return this.byKey.get(key)?.breaker;
  }

  /** Whether the registry holds a breaker for `key` (not a use of it). */
  has(key: K): boolean {
    this.sweep();
    return this.byKey.has(key);
  }

  /** How many breakers the registry holds (at most `maxSize`). */
  get size(): number {
    this.sweep();
    return this.byKey.size;
  }

  /**
   * Evicts the circuit of `key` like any eviction (`onEvict` with reason `'delete'`, then
   * `close()`). Returns whether there was one.
   */
  delete(key: K): boolean {
    const entry = this.byKey.get(key);
    if (entry === undefined) return false;
    this.evict(entry, 'delete');
    return true;
  }

  /**
   * Evicts every circuit (reason `'clear'`), e.g. at shutdown. Settles once every evicted
   * breaker's `close()` has settled; never rejects.
   */
  clear(): Promise<void> {
    const closing: Promise<unknown>[] = [];
    for (const entry of [...this.held.toArray(), ...this.active.toArray()]) {
      const closed = this.evict(entry, 'clear');
      if (closed !== undefined) closing.push(closed);
    }
    return Promise.all(closing).then(() => undefined);
  }

  /**
   * `info()` of every breaker, keyed by key: plain JSON for a status endpoint. Not a use of
   * the keys.
   */
  info(): Record<K, CircuitBreakerInfo> {
    // No prototype: a key such as "__proto__" is then an ordinary property.
    const all = Object.create(null) as Record<K, CircuitBreakerInfo>;
    for (const [key, breaker] of this) all[key] = breaker.info();
    return all;
  }

  /** The keys held (not a use of them). */
  *keys(): IterableIterator<K> {
    for (const [key] of this) yield key;
  }

  /** The breakers held (not a use of them). */
  *values(): IterableIterator<B> {
    for (const [, breaker] of this) yield breaker;
  }

  /** `[key, breaker]` for every circuit held (not a use of them), like iterating the registry. */
  entries(): IterableIterator<[K, B]> {
    return this[Symbol.iterator]();
  }

  /**
   * Iterates `[key, breaker]` over the circuits held when iteration starts (evicted ones are
   * skipped). Iterating is not a use of the keys.
   */
  *[Symbol.iterator](): IterableIterator<[K, B]> {
    this.sweep();
    for (const entry of [...this.active.toArray(), ...this.held.toArray()]) {
      if (entry.list !== undefined) yield [entry.key, entry.breaker];
    }
  }

  private add(key: K): B {
    if (typeof key !== 'string' || key.length === 0) {
      invalid(`${OWNER}.get`, 'key', 'a non-empty string', key, true);
    }
    if (this.creating.has(key)) {
      throw new Error(
        `${OWNER}.get: create(${describeValue(key)}) asked for its own key; create must not call get with the key it creates`,
      );
    }
    this.creating.add(key);
    try {
      const breaker = createBreaker(OWNER, this.options.create, key, this.breakers);
      const now = this.idleTimeout === undefined ? 0 : this.now();
      // Idle circuits go first, as idle, so that a full registry evicts by size only if need be.
      if (this.idleTimeout !== undefined) this.evictIdle(now);
      while (this.byKey.size >= this.maxSize) this.evictOne();
      const entry: Entry<K, B> = {
        key,
        breaker,
        lastUsed: now,
        prev: undefined,
        next: undefined,
        list: undefined,
      };
      this.byKey.set(key, entry);
      this.breakers.add(breaker);
      this.active.push(entry);
      return breaker;
    } finally {
      this.creating.delete(key);
    }
  }

  /** Makes room for one more: see the eviction rule in the class comment. */
  private evictOne(): void {
    for (let entry = this.active.head; entry !== undefined; entry = this.active.head) {
      if (this.isClosed(entry.breaker)) {
        this.evict(entry, 'size');
        return;
      }
      this.active.unlink(entry);
      this.held.push(entry);
    }
    if (this.held.head !== undefined) this.evict(this.held.head, 'size');
  }

  /** Evicts the closed circuits unused since `now - idleTimeout`; sets aside the others. */
  private evictIdle(now: number): void {
    const limit = now - this.idleTimeout!;
    for (let entry = this.active.head; entry !== undefined; entry = this.active.head) {
      if (!(entry.lastUsed <= limit)) return;
      if (this.isClosed(entry.breaker)) {
        this.evict(entry, 'idle');
      } else {
        this.active.unlink(entry);
        this.held.push(entry);
      }
    }
  }

  private sweep(): void {
    if (this.idleTimeout !== undefined) this.evictIdle(this.now());
  }

  private isClosed(breaker: B): boolean {
    try {
      return breaker.info().state === 'closed';
    } catch (error) {
      // A breaker whose state cannot be read is kept like one that is not closed.
      this.report(error);
      return false;
    }
  }

  /** Removes `entry`, then runs `onEvict` and `close()`; returns the close promise if any. */
  private evict(entry: Entry<K, B>, reason: EvictionReason): Promise<unknown> | undefined {
    entry.list?.unlink(entry);
    this.byKey.delete(entry.key);
    this.breakers.delete(entry.breaker);
    const { onEvict } = this.options;
    const report = this.report;
    if (onEvict !== undefined) {
      try {
        const result: unknown = onEvict(entry.key, entry.breaker, reason);
        if (isThenableQuietly(result)) Promise.resolve(result).catch(report);
      } catch (error) {
        report(error);
      }
    }
    if (!this.options.closeOnEvict) return undefined;
    try {
      return Promise.resolve(entry.breaker.close()).catch(report);
    } catch (error) {
      report(error);
      return undefined;
    }
  }

  /** Hands a fault to `onError`, which must not break the registry either. */
  private readonly report = (error: unknown): void => {
    try {
      this.options.onError(error);
    } catch {
      // Nothing left to report to.
    }
  };

  /** The clock's reading; NaN (so nothing counts as idle) when it throws. */
  private now(): number {
    try {
      const t = this.clock.now();
      return typeof t === 'number' ? t : Number.NaN;
    } catch (error) {
      this.report(error);
      return Number.NaN;
    }
  }
}
