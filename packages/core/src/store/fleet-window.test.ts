import type { CallRecord } from '../metric';
import { FleetClock } from './fleet-clock';
import { FleetWindow } from './fleet-window';

const call = (at: number, success = true, duration = 10): CallRecord => ({
  success,
  duration,
  slowAt: [50],
  at,
});

function windowAt(offset = 0) {
  let pendingSignals = 0;
  const window = new FleetWindow(10_000, 1_000, [50], new FleetClock(offset), () => {
    pendingSignals++;
  });
  return { window, pending: () => pendingSignals };
}

describe('FleetWindow', () => {
  it('counts local outcomes and says once per batch that something is pending', () => {
    const { window, pending } = windowAt();
    window.record(call(100));
    window.record(call(200, false, 60));
    expect(pending()).toBe(1);
    const m = window.metric(300);
    expect([m.totalCount, m.failureCount, m.totalDuration, m.slowRate(50)]).toEqual([
      2, 1, 70, 0.5,
    ]);
  });

  it('files calls in buckets of store time', () => {
    const { window } = windowAt(5_000);
    window.record(call(100));
    expect(window.takeBatch().map((b) => b.bucket)).toEqual([5]);
  });

  it('replaces the batch in flight with the fleet totals on acknowledgement: nothing twice', () => {
    const { window, pending } = windowAt();
    window.record(call(100));
    window.record(call(150, false));
    const batch = window.takeBatch();
    expect(batch).toEqual([{ bucket: 0, calls: 2, failures: 1, duration: 20, slow: [[50, 0]] }]);
    expect(window.hasInFlight).toBe(true);
    window.record(call(400)); // recorded while the batch is in flight
    expect(pending()).toBe(2);
    // The fleet holds our two calls plus five of another instance.
    window.acknowledge([{ bucket: 0, calls: 7, failures: 4, duration: 70, slow: [[50, 2]] }], 500);
    const m = window.metric(500);
    expect([m.totalCount, m.failureCount, m.slowRate(50)]).toEqual([8, 4, 2 / 8]);
    expect(window.hasInFlight).toBe(false);
    expect(window.hasPending).toBe(true);
  });

  it('lets buckets age out, fleet and local alike', () => {
    const { window } = windowAt();
    window.record(call(100));
    window.acknowledge([{ bucket: 1, calls: 3, failures: 3, duration: 0, slow: [] }], 1_500);
    expect(window.metric(1_500).totalCount).toBe(4);
    expect(window.metric(10_500).totalCount).toBe(3); // bucket 0 left the window
    expect(window.metric(11_000).totalCount).toBe(0);
  });

  it('ignores fleet buckets outside the window and thresholds it does not track', () => {
    const { window } = windowAt();
    window.acknowledge(
      [
        { bucket: -20, calls: 9, failures: 9, duration: 0, slow: [] },
        { bucket: 99, calls: 9, failures: 9, duration: 0, slow: [] },
        { bucket: 0, calls: 2, failures: 0, duration: 0, slow: [[75, 2]] },
      ],
      100,
    );
    const m = window.metric(100);
    expect([m.totalCount, m.slowRate(50)]).toEqual([2, 0]);
  });

  it('forgets everything on reset', () => {
    const { window } = windowAt();
    window.record(call(100));
    window.takeBatch();
    window.record(call(100));
    window.acknowledge([{ bucket: 0, calls: 5, failures: 0, duration: 0, slow: [] }], 100);
    window.reset();
    expect(window.metric(100).totalCount).toBe(0);
    expect(window.takeBatch()).toEqual([]);
  });

  it('reports only its own outcomes while the store is unavailable, and the fleet again after', () => {
    const { window } = windowAt();
    window.record(call(100, false));
    window.takeBatch();
    window.acknowledge([{ bucket: 0, calls: 50, failures: 0, duration: 0, slow: [] }], 200);
    window.record(call(300, false));
    window.localOnly = true;
    expect(window.metric(300).totalCount).toBe(2); // both of ours, not the fleet's 49 others
    expect(window.metric(300).failureRate).toBe(1);
    window.localOnly = false;
    expect(window.metric(300).totalCount).toBe(51);
    window.localOnly = true;
    expect(window.metric(10_500).totalCount).toBe(0); // ours age out too
  });
});
