import type { CallRecord, Metric } from '../metric';
import { MetricSnapshot } from '../metric';
import { CountWindow } from './count-window';
import { TimeWindow } from './time-window';
import { Window } from './window';

/** A user's own window: keeps only the last call. */
class LastCall extends Window {
  private last: Metric = MetricSnapshot.empty(true);
  record(call: CallRecord): void {
    const slow = new Map(call.slowAt.map((t) => [t, call.duration >= t ? 1 : 0]));
    this.last = new MetricSnapshot(1, call.success ? 0 : 1, call.duration, slow, true);
  }
  metric(): Metric {
    return this.last;
  }
  reset(): void {
    this.last = MetricSnapshot.empty(true);
  }
}

describe('Window (base class)', () => {
  test('a subclass is timed unless it says otherwise, so the breaker gives it the time', () => {
    expect(new LastCall().timed).toBe(true);
    expect(new TimeWindow(1_000).timed).toBe(true);
    expect(new CountWindow(1).timed).toBe(false);
  });

  test('a user window only implements record, metric and reset', () => {
    const window = new LastCall();
    window.record({ success: false, duration: 120, slowAt: [100], at: 5 });
    expect(window.metric().failureRate).toBe(1);
    expect(window.metric().slowRate(100)).toBe(1);
    window.reset();
    expect(window.metric().totalCount).toBe(0);
  });
});
