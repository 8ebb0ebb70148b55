import type { State } from '../state';
import type { CircuitStore, FleetState, SyncRequest } from './circuit-store';
import type { FleetHost } from './fleet-host';
import { FleetLink } from './fleet-link';

// When a FleetLink sends its batches, against a store that answers at once (the Redis store's
// own tests cover the wire); the timers are jest's, so no test waits.
function closedFleet(): FleetState {
  return {
    state: 'closed',
    generation: 0,
    reopens: 0,
    changedAt: null,
    retryAt: null,
    time: Date.now(),
  };
}

function setup(state: State = 'closed') {
  const sent: { at: number; request: SyncRequest }[] = [];
  const store: CircuitStore = {
    name: 'batching',
    batchMs: 10,
    quietBatchMs: 50,
    leaseMs: 1_000,
    sync: async (request) => {
      sent.push({ at: performance.now(), request });
      return { fleet: closedFleet(), window: [], version: sent.length, partial: false };
    },
    transition: async () => ({ won: true, fleet: closedFleet() }),
    acquire: async () => ({ opened: false, leases: [], fleet: closedFleet() }),
    register: () => () => {},
  };
  const host: FleetHost = {
    state: () => state,
    retryAt: () => Number.NaN,
    now: () => performance.now(),
    adopt: () => {},
    align: () => {},
    reconsider: () => {},
    deliver: () => {},
    report: () => {},
  };
  const link = new FleetLink(store, host, {
    durationMs: 60_000,
    bucketMs: 1_000,
    thresholds: [100],
    maxProbes: 1,
    timeout: 0,
    epochOffset: Date.now() - performance.now(),
  });
  const record = (success: boolean, duration = 1) =>
    link.window.record({ success, duration, slowAt: [], at: performance.now() });
  return { sent, record, link };
}

describe('FleetLink batching', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets a batch of successes wait quietBatchMs in closed state', async () => {
    const { sent, record } = setup();
    await jest.advanceTimersByTimeAsync(0); // the first refresh
    expect(sent).toHaveLength(1);
    record(true);
    record(true);
    await jest.advanceTimersByTimeAsync(45);
    expect(sent).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10);
    expect(sent).toHaveLength(2);
    expect(sent[1].request.deltas.map((d) => d.calls)).toEqual([2]);
  });

  it.each([
    ['a failure', false, 1],
    ['a slow call', true, 150],
  ])('sends a batch after batchMs once it holds %s', async (_what, success, duration) => {
    const { sent, record } = setup();
    await jest.advanceTimersByTimeAsync(0);
    record(true);
    await jest.advanceTimersByTimeAsync(5);
    record(success, duration);
    await jest.advanceTimersByTimeAsync(10);
    expect(sent).toHaveLength(2);
    expect(sent[1].request.deltas.map((d) => d.calls)).toEqual([2]);
  });

  it('sends after batchMs when the circuit is not closed', async () => {
    const { sent, record } = setup('half_open');
    await jest.advanceTimersByTimeAsync(0);
    record(true);
    await jest.advanceTimersByTimeAsync(11);
    expect(sent).toHaveLength(2);
  });

  it('sends the window version it holds, so the store may answer with what changed', async () => {
    const { sent, record } = setup();
    await jest.advanceTimersByTimeAsync(0);
    expect(sent[0].request.since).toBe(0);
    record(false);
    await jest.advanceTimersByTimeAsync(11);
    expect(sent[1].request.since).toBe(1);
  });
});
