import { recordedSeconds, TICKS_PER_SECOND } from './duration-accumulator';
import { DEFAULT_BUCKETS } from './options';

describe('recorded durations', () => {
  test('are whole ticks within half a tick of the breaker figure, away from bounds', () => {
    for (const ms of [0, 0.0001, 0.3, 7.25, 50.5, 333.333, 2000, 123_456.789]) {
      const seconds = recordedSeconds(ms, DEFAULT_BUCKETS);
      expect(Number.isInteger(seconds * TICKS_PER_SECOND)).toBe(true);
      expect(Math.abs(seconds - ms / 1000)).toBeLessThanOrEqual(0.5 / TICKS_PER_SECOND);
    }
  });

  test('never cross a bucket bound, whichever side of it the duration lies', () => {
    for (const bound of DEFAULT_BUCKETS) {
      for (const delta of [-1e-6, -1e-9, 0, 1e-9, 1e-6]) {
        const seconds = bound + delta;
        const recorded = recordedSeconds(seconds * 1000, DEFAULT_BUCKETS);
        expect([bound, delta, recorded <= bound]).toEqual([
          bound,
          delta,
          seconds * 1000 <= bound * 1000,
        ]);
      }
    }
  });
});
