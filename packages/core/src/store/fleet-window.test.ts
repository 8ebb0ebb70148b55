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
  const signals: boolean[] = [];
  const window = new FleetWindow(10_000, 1_000, [50], new FleetClock(offset), (urgent) => {
    signals.push(urgent);
  });
  return { window, pending: () => signals.length, signals };
}

const totals = (bucket: number, calls: number, failures = 0) => ({
  bucket,
  calls,
  failures,
  duration: 0,
  slow: [],
});

describe('FleetWindow', () => {
  it('counts local outcomes and says once per batch that something is pending, again when it turns urgent', () => {
    const { window, signals } = windowAt();
    window.record(call(100));
    window.record(call(150));
    window.record(call(200, false, 60));
    window.record(call(250, false));
    expect(signals).toEqual([false, true]);
    const m = window.metric(300);
    expect([m.totalCount, m.failureCount, m.totalDuration, m.slowRate(50)]).toEqual([
      4, 2, 90, 0.25,
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
    expect(pending()).toBe(3); // the first batch turned urgent with its failure
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

  it('calls a batch urgent from its first failure or slow call, and a new batch starts quiet', () => {
    const { window, signals } = windowAt();
    window.record(call(100, true, 60)); // slow
    expect(window.urgent).toBe(true);
    window.takeBatch();
    expect(window.urgent).toBe(false);
    window.record(call(200));
    window.record(call(300, false));
    expect(signals).toEqual([true, false, true]);
  });

  it('replaces only the buckets a partial reply holds, and keeps its version', () => {
    const { window } = windowAt();
    window.acknowledge([totals(0, 5, 1), totals(1, 4)], 1_100, 7, false, 0);
    expect(window.version).toBe(7);
    window.record(call(1_200));
    window.takeBatch();
    // Bucket 1 changed (our call and two others); bucket 0 did not and is not sent again.
    window.acknowledge([totals(1, 7)], 1_300, 9, true, 7);
    expect(window.version).toBe(9);
    expect(window.metric(1_300).totalCount).toBe(12);
    expect(window.metric(1_300).failureCount).toBe(1);
  });

  it('asks for the whole window again after a reset while a partial request was out', () => {
    const { window } = windowAt();
    window.acknowledge([totals(0, 5, 5)], 100, 3, false, 0);
    window.reset(); // a transition: the fleet layer is gone
    expect(window.version).toBe(0);
    window.acknowledge([totals(0, 6, 5)], 200, 4, true, 3);
    expect(window.version).toBe(0);
    expect(window.metric(200).totalCount).toBe(6);
  });

  it("follows the store's clock one bucket ahead; a partial reply further ahead asks for all", () => {
    const { window } = windowAt();
    window.acknowledge([totals(1, 3)], 900, 2, false, 0);
    expect(window.metric(900).totalCount).toBe(3);
    expect(window.version).toBe(2);
    window.acknowledge([totals(5, 3)], 950, 3, true, 2);
    expect(window.metric(950).totalCount).toBe(3);
    expect(window.version).toBe(0);
  });
});
