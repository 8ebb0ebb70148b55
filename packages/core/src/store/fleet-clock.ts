/** How long the best (shortest round-trip) sample is trusted before a newer one replaces it. */
const SAMPLE_LIFETIME_MS = 30_000;

/**
 * Maps the store's clock (e.g. Redis `TIME`, epoch ms) to this process's monotonic clock, so the
 * fleet has one clock for shared deadlines while local durations stay monotonic.
 *
 * Each reply is a sample: the store's time was read somewhere between sending and receiving,
 * so `offset = storeTime - (sent + received) / 2`, off by at most half the round-trip. The
 * sample with the shortest round-trip wins until it is older than {@link SAMPLE_LIFETIME_MS}
 * (so a drifting clock is followed), which keeps one slow reply from moving deadlines.
 */
export class FleetClock {
  /** Store ms minus local monotonic ms. */
  private offset: number;
  private bestRoundTrip = Number.POSITIVE_INFINITY;
  private bestAt = Number.NEGATIVE_INFINITY;

  /** `initialOffset`: the guess used before any reply (epoch ms minus monotonic ms). */
  constructor(initialOffset: number) {
    this.offset = initialOffset;
  }

  /** Learns from one reply: sent and received in local monotonic ms, `storeTime` in store ms. */
  sample(sent: number, received: number, storeTime: number): void {
    if (!Number.isFinite(storeTime) || !(received >= sent)) return;
    const roundTrip = received - sent;
    const stale = received - this.bestAt > SAMPLE_LIFETIME_MS;
    if (roundTrip <= this.bestRoundTrip || stale) {
      this.bestRoundTrip = roundTrip;
      this.bestAt = received;
      this.offset = storeTime - (sent + received) / 2;
    }
  }

  /** Store ms to local monotonic ms (`Infinity` stays `Infinity`). */
  toLocal(storeTime: number): number {
    return storeTime - this.offset;
  }

  /** Local monotonic ms to store ms. */
  toStore(local: number): number {
    return local + this.offset;
  }
}
