// A minimal host around a FleetLink, for the link's own tests: it keeps a state, moves it the
// way the breaker does (window cleared, the signal handed to the link) and records what the link
// hands back, so a test can set up exact interleavings that real breakers reach only by chance.
// The link and the store under test are real; breaker.test.ts runs core's breakers themselves.
import {
  type CircuitStore,
  type FleetChange,
  type FleetHost,
  FleetLink,
  MetricSnapshot,
  type Signal,
  type State,
} from '@fluxgate/core';

export interface Delivered {
  readonly oldState: State;
  readonly newState: State;
  readonly origin: Signal['origin'];
}

export class LinkHost implements FleetHost {
  readonly link: FleetLink;
  current: State = 'closed';
  retry = Number.NaN;
  readonly signals: Delivered[] = [];
  readonly faults: unknown[] = [];

  constructor(store: CircuitStore, maxProbes = 3) {
    this.link = new FleetLink(store, this, {
      durationMs: 60_000,
      bucketMs: 1_000,
      thresholds: [],
      maxProbes,
      timeout: 0,
      epochOffset: Date.now() - performance.now(),
    });
  }

  state = () => this.current;
  retryAt = () => this.retry;
  now = () => performance.now();
  report = (error: unknown) => {
    this.faults.push(error);
  };
  reconsider = () => {};
  deliver = (signal: Signal) => {
    this.signals.push({
      oldState: signal.oldState,
      newState: signal.newState,
      origin: signal.origin,
    });
  };
  align = (_changedAt: number, retryAt: number) => {
    this.retry = retryAt;
  };
  adopt = (change: FleetChange) => {
    this.current = change.to;
    this.retry = change.retryAt;
    this.link.window.reset();
    if (change.from !== change.to) {
      this.signals.push({ oldState: change.from, newState: change.to, origin: change.origin });
    }
  };

  /** Records `calls` outcomes, `failures` of them failed. */
  record(calls: number, failures: number): void {
    for (let i = 0; i < calls; i++) {
      this.link.window.record({ success: i >= failures, duration: 1, slowAt: [], at: this.now() });
    }
  }

  /** A transition made by this instance, as the breaker makes it. */
  move(to: State, delay = 0, manual = false): void {
    const from = this.current;
    this.current = to;
    this.retry = to === 'open' ? this.now() + delay : Number.NaN;
    this.link.window.reset();
    const signal: Signal = Object.freeze({
      oldState: from,
      newState: to,
      timestamp: Date.now(),
      metrics: MetricSnapshot.empty(),
      reopens: 0,
      consecutiveFailures: 0,
      origin: 'local',
    });
    this.link.transitioned(signal, delay, manual);
  }

  /** Waits until nothing is pending or in flight. */
  settle(): Promise<void> {
    return this.link.flush();
  }
}
