import type { CircuitAnnotations } from '@fluxgate/core';

/** Runs the annotation script on a circuit's notes key (through the store's own breaker). */
export type NoteRunner = (key: string, args: readonly (string | number)[]) => Promise<unknown>;

/**
 * One circuit's annotations in Redis: a hash beside the circuit's keys (same hash tag), with the
 * circuit's TTL. Each read or write is one script call, so one round-trip; while Redis is down
 * they reject, like every request of the store.
 */
export class RedisAnnotations implements CircuitAnnotations {
  /** Every instance that names the circuit sees them. */
  readonly shared = true;

  constructor(
    /** The circuit's notes hash. */
    readonly key: string,
    private readonly ttlMs: number,
    private readonly run: NoteRunner,
  ) {}

  async read(field: string): Promise<string | null> {
    const value = await this.run(this.key, ['read', field]);
    return typeof value === 'string' ? value : null;
  }

  async write(field: string, value: string | null, expected?: string | null): Promise<boolean> {
    const mode = expected === undefined ? 'any' : expected === null ? 'absent' : 'equals';
    const reply = await this.run(this.key, [
      'write',
      field,
      mode,
      expected ?? '',
      value === null ? '1' : '0',
      value ?? '',
      Math.round(this.ttlMs),
    ]);
    return Number(reply) === 1;
  }
}
