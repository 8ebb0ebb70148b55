// User code that throws anything at all: the caller gets exactly what was thrown (Object.is),
// through call, callWithFallback, wrap and run, with every tracker; the breaker records it as
// its tracker says, reports tracker faults, and stays usable.
import { Custom, type Signal, Tracker, TypeOf } from '@fluxgate/core';
import { All } from '@fluxgate/core/trackers';
import { capture, captureSync } from '../support/outcome';
import { asyncBreaker, COOLDOWN, syncBreaker } from '../support/test-breakers';
import { HOSTILE_VALUES } from './hostile-values';

/** A user's tracker that pokes at the error the way real code does. */
class ByCode extends Tracker {
  matches(error: unknown): boolean {
    return (error as { code?: unknown }).code !== 'EIGNORE';
  }
}

const trackers: [string, () => Tracker, boolean][] = [
  ['All', () => new All(), true],
  ['TypeOf(Error)', () => new TypeOf(Error), true],
  [
    'Custom reading .message',
    () => new Custom((e) => String((e as Error).message) !== 'skip'),
    false,
  ],
  ['a Tracker subclass reading .code', () => new ByCode(), false],
];

function same(got: unknown, want: unknown, where: string): void {
  if (!Object.is(got, want))
    throw new Error(`${where}: the caller got something else than was thrown`);
}

describe.each(trackers)('tracker %s', (_name, tracker, builtIn) => {
  test('sync: the caller gets the very value thrown, and the breaker carries on', () => {
    for (const { label, make } of HOSTILE_VALUES) {
      const faults: unknown[] = [];
      const signals: Signal[] = [];
      const { breaker, clock } = syncBreaker({
        tracker: tracker(),
        listeners: [(s) => signals.push(s)],
        onListenerError: (e) => faults.push(e),
      });
      const value = make();
      const thrower = () => {
        throw value;
      };
      const call = captureSync(() => breaker.call(thrower));
      same(call.threw && call.error, value, `${label}: call`);
      let fallbackGot: unknown = 'not called';
      breaker.reset();
      breaker.callWithFallback(thrower, (e) => {
        fallbackGot = e;
      });
      same(fallbackGot, value, `${label}: callWithFallback`);
      breaker.reset();
      const wrapped = captureSync(() => breaker.wrap(thrower)());
      same(wrapped.threw && wrapped.error, value, `${label}: wrap`);
      // Usable: info works, and the circuit still trips and recovers.
      breaker.info();
      breaker.reset();
      expect(captureSync(() => breaker.call(() => 'ok'))).toEqual({ threw: false, value: 'ok' });
      captureSync(() =>
        breaker.call(() => {
          throw new Error('down');
        }),
      );
      expect(breaker.info().state).toBe('open');
      clock.advance(COOLDOWN);
      expect(breaker.call(() => 'probe')).toBe('probe');
      expect(breaker.info().state).toBe('closed');
      expect(signals.length).toBeGreaterThan(0);
      // Built-in trackers never fault; a user's tracker that trips over the value is reported.
      if (builtIn ? faults.length > 0 : !faults.every((f) => f instanceof Error)) {
        throw new Error(`${label}: unexpected faults ${faults.map(String).join(', ')}`);
      }
    }
  });

  test('async: the caller gets the very value thrown or rejected, and the breaker carries on', async () => {
    for (const { label, make } of HOSTILE_VALUES) {
      const signals: Signal[] = [];
      const faults: unknown[] = [];
      const { breaker, clock } = asyncBreaker({
        tracker: tracker(),
        listeners: [(s) => signals.push(s)],
        onListenerError: (e) => faults.push(e),
      });
      const value = make();
      const rejecter = () => Promise.reject(value);
      const thrower = () => {
        throw value;
      };
      for (const [how, fn] of [
        ['rejects', rejecter],
        ['throws', thrower],
      ] as const) {
        const call = await capture(() => breaker.call(fn));
        same(call.threw && call.error, value, `${label} ${how}: call`);
        await breaker.reset();
        let fallbackGot: unknown = 'not called';
        await breaker.callWithFallback(fn, (e) => {
          fallbackGot = e;
        });
        same(fallbackGot, value, `${label} ${how}: callWithFallback`);
        await breaker.reset();
        const wrapped = await capture(() => breaker.wrap(fn)());
        same(wrapped.threw && wrapped.error, value, `${label} ${how}: wrap`);
        await breaker.reset();
        const run = await capture(() => breaker.run(fn, { timeout: 60_000 }));
        same(run.threw && run.error, value, `${label} ${how}: run`);
        await breaker.reset();
      }
      expect(await breaker.call(async () => 'ok')).toBe('ok');
      await capture(() => breaker.call(() => Promise.reject(new Error('down'))));
      expect(breaker.info().state).toBe('open');
      clock.advance(COOLDOWN);
      expect(await breaker.call(async () => 'probe')).toBe('probe');
      expect(breaker.info().state).toBe('closed');
      expect(signals.length).toBeGreaterThan(0);
      if (builtIn ? faults.length > 0 : !faults.every((f) => f instanceof Error)) {
        throw new Error(`${label}: unexpected faults ${faults.map(String).join(', ')}`);
      }
    }
  });
});

test('the default tracker counts every hostile value as a failure', async () => {
  for (const { label, make } of HOSTILE_VALUES) {
    const sync = syncBreaker().breaker;
    captureSync(() =>
      sync.call(() => {
        throw make();
      }),
    );
    const wrong = sync.info().state !== 'open';
    const async = asyncBreaker().breaker;
    await capture(() => async.call(() => Promise.reject(make())));
    if (wrong || async.info().state !== 'open')
      throw new Error(`${label} did not count as a failure`);
  }
});

test('a tracker that throws a hostile value: counted as a failure, the fault reported once, the caller gets its own error', async () => {
  for (const { label, make } of HOSTILE_VALUES) {
    const fault = make();
    const tracker = new Custom(() => {
      throw fault;
    });
    const faults: unknown[] = [];
    const { breaker } = syncBreaker({ tracker, onListenerError: (e) => faults.push(e) });
    const error = new Error('own');
    const got = captureSync(() =>
      breaker.call(() => {
        throw error;
      }),
    );
    const { breaker: asyncOne } = asyncBreaker({ tracker, onListenerError: (e) => faults.push(e) });
    const gotAsync = await capture(() => asyncOne.call(() => Promise.reject(error)));
    const ok =
      got.threw &&
      got.error === error &&
      gotAsync.threw &&
      gotAsync.error === error &&
      faults.length === 2 &&
      Object.is(faults[0], fault) &&
      Object.is(faults[1], fault) &&
      breaker.info().state === 'open' &&
      asyncOne.info().state === 'open';
    if (!ok) throw new Error(`a tracker throwing ${label} was not handled`);
  }
});

test('the default fault handler prints one line for any hostile value and never throws', () => {
  const printed: unknown[][] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args) => {
    printed.push(args);
  });
  try {
    for (const { label, make } of HOSTILE_VALUES) {
      const fault = make();
      const { breaker } = syncBreaker({
        tracker: new Custom(() => {
          throw fault;
        }),
      });
      const got = captureSync(() =>
        breaker.call(() => {
          throw new Error('own');
        }),
      );
      if (!got.threw || !(got.error instanceof Error) || got.error.message !== 'own') {
        throw new Error(`${label}: the caller did not get its own error`);
      }
    }
    expect(printed).toHaveLength(HOSTILE_VALUES.length);
    for (const args of printed) {
      expect(args).toHaveLength(1);
      expect(String(args[0])).toMatch(
        /^\[fluxgate\] a listener or user component failed during a call: /,
      );
    }
  } finally {
    spy.mockRestore();
  }
});

test('hostile values returned by user code come back as they are, or as a plain await gives them', async () => {
  for (const { label, make } of HOSTILE_VALUES) {
    const value = make();
    const seen: unknown[] = [];
    const resultTracker = (result: unknown) => {
      seen.push(result);
      return false;
    };
    const { breaker } = syncBreaker({ resultTracker, onListenerError: () => {} });
    const got = captureSync(() => breaker.call(() => value));
    if (got.threw || !Object.is(got.value, value) || !Object.is(seen[0], value)) {
      throw new Error(`sync, ${label}: the caller did not get the returned value`);
    }
    // An async function returning a revoked Proxy rejects (resolving reads `then`): the
    // breaker must give exactly what awaiting the function without it gives.
    const { breaker: asyncOne } = asyncBreaker({ onListenerError: () => {} });
    const plain = await capture(async () => value);
    const through = await capture(() => asyncOne.call(async () => value));
    const agree = plain.threw
      ? through.threw && (through.error as Error).constructor === (plain.error as Error).constructor
      : !through.threw && Object.is(through.value, value);
    if (!agree) throw new Error(`async, ${label}: the caller got something else than await gives`);
    await asyncOne.reset();
    expect(await asyncOne.call(async () => 'still usable')).toBe('still usable');
  }
});
