// The circuit annotations a fleet's instances share, as one object the tests hand to several
// listeners (each an "instance"): what a store such as @fluxgate/store-redis provides, in
// memory, with switches for a store that is down. The Redis-backed ones are tested in
// @fluxgate/store-redis and end to end by the demo's fleet run.
import type { CircuitAnnotations } from '@fluxgate/core';

/** Shared annotations, the reads they answered, and a switch that makes them reject. */
export interface SharedNotes extends CircuitAnnotations {
  /** Every value held, by key. */
  readonly values: Map<string, string>;
  /** How many reads were made. */
  reads: number;
  /** While true every read and write rejects, like a store whose Redis is down. */
  down: boolean;
}

/** Annotations with `shared: true`, compare-and-set like a store's. */
export function sharedNotes(): SharedNotes {
  const values = new Map<string, string>();
  const notes: SharedNotes = {
    shared: true,
    values,
    reads: 0,
    down: false,
    async read(key) {
      notes.reads++;
      if (notes.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      return values.get(key) ?? null;
    },
    async write(key, value, expected) {
      if (notes.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      if (expected !== undefined && (values.get(key) ?? null) !== expected) return false;
      if (value === null) values.delete(key);
      else values.set(key, value);
      return true;
    },
  };
  return notes;
}
