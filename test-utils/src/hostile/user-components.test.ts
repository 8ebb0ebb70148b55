// Components written by users that throw anything (or hand back hostile values): trippers,
// retries, permits, result trackers, listeners (notify, async notify, onCall, attach) and
// onListenerError itself. None crashes the breaker: the caller gets its own value or error,
// the fault is reported exactly once, and the breaker stays usable. (Windows are not isolated
// by design: a window is the breaker's own memory.)
import {
  AsyncListener,
  type CallContext,
  Listener,
  Permit,
  Retry,
  type Signal,
  Tripper,
} from '@fluxgate/core';
import { type BreakerKind, eitherBreaker } from '../support/either-breaker';
import { COOLDOWN } from '../support/test-breakers';
import { HOSTILE_VALUES } from './hostile-values';

const KINDS: BreakerKind[] = ['sync', 'async'];
const own = new Error('own');
const failing = () => {
  throw own;
};

/** Runs `scenario` for every hostile value and lists the values it failed for. */
async function forEveryValue(
  scenario: (value: unknown) => Promise<string | null>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const { label, make } of HOSTILE_VALUES) {
    let problem: string | null;
    try {
      problem = await scenario(make());
    } catch (error) {
      problem = `threw ${error instanceof Error ? error.message : typeof error}`;
    }
    if (problem !== null) failures.push(`${label}: ${problem}`);
  }
  return failures;
}

function reportedOnce(faults: unknown[], value: unknown): string | null {
  if (faults.length !== 1) return `${faults.length} faults reported, want 1`;
  return Object.is(faults[0], value) ? null : 'another fault was reported';
}

describe.each(KINDS)('%s breaker', (kind) => {
  test('a result tracker that throws: the value is returned, counted as a failure, reported', async () => {
    const failures = await forEveryValue(async (value) => {
      const faults: unknown[] = [];
      const breaker = eitherBreaker(kind, {
        resultTracker: () => {
          throw value;
        },
        onListenerError: (e) => faults.push(e),
      });
      const got = await breaker.call(() => 'value');
      if (got.threw || got.value !== 'value') return 'the caller lost its value';
      if (breaker.info().state !== 'open') return 'not counted as a failure';
      return reportedOnce(faults, value);
    });
    expect(failures).toEqual([]);
  });

  test('a tripper that throws: the error is re-thrown, recorded, nothing trips, reported', async () => {
    class Throwing extends Tripper {
      constructor(private readonly value: unknown) {
        super();
      }
      evaluate(_ctx: CallContext): boolean {
        throw this.value;
      }
    }
    const failures = await forEveryValue(async (value) => {
      const faults: unknown[] = [];
      const breaker = eitherBreaker(kind, {
        tripper: new Throwing(value),
        onListenerError: (e) => faults.push(e),
      });
      const got = await breaker.call(failing);
      if (!got.threw || got.error !== own) return 'the caller lost its error';
      const { state, metrics } = breaker.info();
      if (state !== 'closed' || metrics.failureCount !== 1)
        return `state ${state}, ${metrics.failureCount} failures`;
      return reportedOnce(faults, value);
    });
    expect(failures).toEqual([]);
  });

  test('a retry that throws: the circuit opens with the 60 s fallback wait, reported', async () => {
    class Throwing extends Retry {
      constructor(private readonly value: unknown) {
        super();
      }
      delay(): number {
        throw this.value;
      }
    }
    const failures = await forEveryValue(async (value) => {
      const faults: unknown[] = [];
      const breaker = eitherBreaker(kind, {
        retry: new Throwing(value),
        onListenerError: (e) => faults.push(e),
      });
      const got = await breaker.call(failing);
      if (!got.threw || got.error !== own) return 'the caller lost its error';
      const { state, retryAt, changedAt } = breaker.info();
      if (state !== 'open' || retryAt === null || retryAt - changedAt !== 60_000) {
        return `state ${state}, wait ${retryAt === null ? null : retryAt - changedAt}`;
      }
      breaker.clock.advance(60_000);
      const probe = await breaker.call(() => 'probe');
      if (probe.threw || breaker.info().state !== 'closed') return 'did not recover';
      return reportedOnce(faults, value);
    });
    expect(failures).toEqual([]);
  });

  test('a retry that returns a hostile value: a sane wait, and a fault unless it is a number', async () => {
    class Returning extends Retry {
      constructor(private readonly value: unknown) {
        super();
      }
      delay(): number {
        return this.value as number;
      }
    }
    const failures = await forEveryValue(async (value) => {
      const faults: unknown[] = [];
      const breaker = eitherBreaker(kind, {
        retry: new Returning(value),
        onListenerError: (e) => faults.push(e),
      });
      await breaker.call(failing);
      const { state, retryAt, changedAt } = breaker.info();
      const wait = retryAt === null ? null : retryAt - changedAt;
      const usable = typeof value === 'number' && !Number.isNaN(value);
      const want = usable ? Math.max(value, 0) : 60_000;
      if (state !== 'open' || wait !== want) return `state ${state}, wait ${wait}, want ${want}`;
      return faults.length === (usable ? 0 : 1) ? null : `${faults.length} faults reported`;
    });
    expect(failures).toEqual([]);
  });

  test('a permit that throws: the probe is admitted, the circuit recovers, reported', async () => {
    class Throwing extends Permit {
      constructor(private readonly value: unknown) {
        super();
      }
      admit(): boolean {
        throw this.value;
      }
    }
    const failures = await forEveryValue(async (value) => {
      const faults: unknown[] = [];
      const breaker = eitherBreaker(kind, {
        permit: new Throwing(value),
        onListenerError: (e) => faults.push(e),
      });
      await breaker.call(failing);
      breaker.clock.advance(COOLDOWN);
      const probe = await breaker.call(() => 'probe');
      if (probe.threw || probe.value !== 'probe') return 'the probe did not run';
      if (breaker.info().state !== 'closed') return `state ${breaker.info().state}`;
      return reportedOnce(faults, value);
    });
    expect(failures).toEqual([]);
  });

  test('a listener that throws: the next listener still gets every signal, reported with the signal', async () => {
    const failures = await forEveryValue(async (value) => {
      const faults: [unknown, Signal | undefined][] = [];
      const seen: string[] = [];
      const breaker = eitherBreaker(kind, {
        listeners: [
          () => {
            throw value;
          },
          (s) => seen.push(s.newState),
        ],
        onListenerError: (e, s) => faults.push([e, s]),
      });
      const got = await breaker.call(failing);
      if (!got.threw || got.error !== own) return 'the caller lost its error';
      await breaker.reset();
      if (seen.join() !== 'open,closed') return `the next listener saw ${seen.join()}`;
      if (faults.length !== 2) return `${faults.length} faults reported, want 2`;
      if (!faults.every(([e]) => Object.is(e, value))) return 'another fault was reported';
      return faults.map(([, s]) => s?.newState).join() === 'open,closed'
        ? null
        : 'reported without its signal';
    });
    expect(failures).toEqual([]);
  });

  test('a listener that returns a hostile value: the caller and the next listener are unaffected', async () => {
    const failures = await forEveryValue(async (value) => {
      const faults: unknown[] = [];
      const seen: string[] = [];
      const breaker = eitherBreaker(kind, {
        listeners: [() => value as undefined, (s) => seen.push(s.newState)],
        onListenerError: (e) => faults.push(e),
      });
      const got = await breaker.call(failing);
      if (!got.threw || got.error !== own) return 'the caller lost its error';
      const control = await breaker.reset().then(
        () => null,
        () => 'reset() threw',
      );
      if (control !== null) return control;
      await breaker.settle();
      if (seen.join() !== 'open,closed') return `the next listener saw ${seen.join() || 'nothing'}`;
      return faults.every((f) => f instanceof Error) ? null : 'an odd fault was reported';
    });
    expect(failures).toEqual([]);
  });

  test('a listener whose promise rejects: reported once per signal, nothing unhandled', async () => {
    const failures = await forEveryValue(async (value) => {
      const faults: unknown[] = [];
      const seen: string[] = [];
      const rejecting =
        kind === 'async'
          ? new (class extends AsyncListener {
              notify(): Promise<void> {
                return Promise.reject(value);
              }
            })()
          : () => Promise.reject(value);
      const breaker = eitherBreaker(kind, {
        listeners: [rejecting, (s: Signal) => void seen.push(s.newState)],
        onListenerError: (e) => faults.push(e),
      });
      await breaker.call(failing);
      await breaker.settle();
      if (seen.join() !== 'open') return `the next listener saw ${seen.join()}`;
      return reportedOnce(faults, value);
    });
    expect(failures).toEqual([]);
  });

  test('onCall and attach that throw: reported once each, calls unaffected', async () => {
    const failures = await forEveryValue(async (value) => {
      const faults: unknown[] = [];
      class Hostile extends Listener {
        notify(): void {}
        override attach(): void {
          throw value;
        }
        override onCall(): void {
          throw value;
        }
      }
      const breaker = eitherBreaker(kind, {
        listeners: [new Hostile()],
        onListenerError: (e) => faults.push(e),
      });
      const attachFaults = faults.length;
      if (attachFaults !== 1) return `attach: ${attachFaults} faults reported`;
      const ok = await breaker.call(() => 'value');
      const bad = await breaker.call(failing);
      const rejected = await breaker.call(() => 'never runs');
      if (ok.threw || ok.value !== 'value') return 'the caller lost its value';
      if (!bad.threw || bad.error !== own) return 'the caller lost its error';
      if (!rejected.threw) return 'the open circuit let a call through';
      if (faults.length !== 4) return `${faults.length} faults for attach and 3 calls, want 4`;
      return faults.every((f) => Object.is(f, value)) ? null : 'another fault was reported';
    });
    expect(failures).toEqual([]);
  });

  test('onListenerError that throws: one line on console.error, nothing reaches the caller', async () => {
    const lines: unknown[][] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args) => void lines.push(args));
    try {
      const failures = await forEveryValue(async (value) => {
        lines.length = 0;
        const breaker = eitherBreaker(kind, {
          listeners: [
            () => {
              throw new Error('listener down');
            },
          ],
          onListenerError: () => {
            throw value;
          },
        });
        const got = await breaker.call(failing);
        if (!got.threw || got.error !== own) return 'the caller lost its error';
        if (breaker.info().state !== 'open') return 'the transition did not happen';
        if (lines.length !== 1) return `${lines.length} lines printed`;
        return /^\[fluxgate\] .*closed -> open/.test(String(lines[0][0]))
          ? null
          : String(lines[0][0]);
      });
      expect(failures).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  test('onListenerError and console.error both throwing: still nothing reaches the caller', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {
      throw new Error('console is gone');
    });
    try {
      const failures = await forEveryValue(async (value) => {
        const breaker = eitherBreaker(kind, {
          listeners: [
            () => {
              throw value;
            },
          ],
          onListenerError: () => {
            throw value;
          },
        });
        const got = await breaker.call(failing);
        if (!got.threw || got.error !== own) return 'the caller lost its error';
        return breaker.info().state === 'open' ? null : 'the transition did not happen';
      });
      expect(failures).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

test('a listener that calls a control from notify: every listener sees the signals in order', async () => {
  for (const kind of KINDS) {
    const first: string[] = [];
    const second: string[] = [];
    let reset: () => Promise<void> = async () => {};
    const breaker = eitherBreaker(kind, {
      listeners: [
        (s) => {
          first.push(`${s.oldState}->${s.newState}`);
          if (s.newState === 'open') void reset();
        },
        (s) => void second.push(`${s.oldState}->${s.newState}`),
      ],
    });
    reset = () => breaker.reset();
    await breaker.call(failing);
    await breaker.settle();
    expect({ kind, state: breaker.info().state, first, second }).toEqual({
      kind,
      state: 'closed',
      first: ['closed->open', 'open->closed'],
      second: ['closed->open', 'open->closed'],
    });
  }
});
