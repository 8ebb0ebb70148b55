/**
 * The half_open probe leases one instance holds: granted by the store (at most
 * `maxHalfOpenCalls` live fleet-wide), used by admitted probes, released when they settle.
 * A lease not used before its local expiry is dropped (the store expires it too).
 */
export class ProbeLeases {
  private free: { id: string; expires: number }[] = [];
  private used: string[] = [];
  private released: string[] = [];
  /** Calls turned away for want of a lease since the last request: how many to ask for. */
  private demand = 0;

  /** Takes a free lease for a probe; false when none (the demand is remembered). */
  take(now: number): boolean {
    while (this.free.length > 0) {
      const lease = this.free.pop()!;
      if (lease.expires > now) {
        this.used.push(lease.id);
        return true;
      }
    }
    this.demand++;
    return false;
  }

  /** A call would probe if it had a lease (open past its retry time). */
  ask(): void {
    this.demand++;
  }

  /** A probe settled: its lease goes back to the store with the next batch. */
  release(): void {
    const id = this.used.pop();
    if (id !== undefined) this.released.push(id);
  }

  /** Leases granted by the store, usable until `expires` (local monotonic ms). */
  grant(ids: readonly string[], expires: number): void {
    for (const id of ids) this.free.push({ id, expires });
  }

  /** How many leases to ask for (at least one, at most `max`); resets the demand. */
  want(max: number): number {
    const want = Math.min(Math.max(this.demand, 1), max);
    this.demand = 0;
    return want;
  }

  /** Whether calls are waiting for leases. */
  get wanted(): boolean {
    return this.demand > 0;
  }

  /** Whether releases wait to be sent. */
  get hasReleases(): boolean {
    return this.released.length > 0;
  }

  /** The released leases to send, emptied. */
  takeReleases(): string[] {
    const out = this.released;
    this.released = [];
    return out;
  }

  /** A new episode: every lease of the old one is void (the store dropped them). */
  clear(): void {
    this.free = [];
    this.used = [];
    this.released = [];
    this.demand = 0;
  }
}
