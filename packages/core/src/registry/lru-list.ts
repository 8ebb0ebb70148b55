// A doubly linked list of registry entries, oldest first. Moving an entry to the end is a few
// pointer writes: a `get` that hits allocates nothing (a Map delete + set would, now and then,
// when the Map rehashes; and reading a Map's oldest entry needs an iterator object).

/** One key of a registry and its breaker. */
export interface Entry<K, B> {
  readonly key: K;
  readonly breaker: B;
  /** Monotonic ms of the last `get` (kept only when an idle timeout is set). */
  lastUsed: number;
  prev: Entry<K, B> | undefined;
  next: Entry<K, B> | undefined;
  /** The list the entry is in; undefined once evicted. */
  list: LruList<K, B> | undefined;
}

/** Entries in the order they were last used, least recently used at the head. */
export class LruList<K, B> {
  head: Entry<K, B> | undefined;
  tail: Entry<K, B> | undefined;

  /** Appends `entry` (not in any list) as the most recently used. */
  push(entry: Entry<K, B>): void {
    entry.list = this;
    entry.prev = this.tail;
    entry.next = undefined;
    if (this.tail === undefined) this.head = entry;
    else this.tail.next = entry;
    this.tail = entry;
  }

  /** Takes `entry` (which is in this list) out of it. */
  unlink(entry: Entry<K, B>): void {
    if (entry.prev === undefined) this.head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === undefined) this.tail = entry.prev;
    else entry.next.prev = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
    entry.list = undefined;
  }

  /** The entries, head first, as an array (so callers may change the list while walking it). */
  toArray(): Entry<K, B>[] {
    const entries: Entry<K, B>[] = [];
    for (let entry = this.head; entry !== undefined; entry = entry.next) entries.push(entry);
    return entries;
  }
}
