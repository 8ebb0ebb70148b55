// Regression tests: what a user's component or callback does can neither crash, wedge nor
// mislead a breaker (issue 13 items 2, 4, 6, 11, 13).
import { CallNotPermittedError } from '../errors';
import type { CallRecord } from '../metric';
import { All as AllowAll } from '../permits/all';
import { Permit } from '../permits/permit';
import { Cooldown } from '../retries/cooldown';
import { Retry } from '../retries/retry';
import { boom, ManualClock, ok, recorder } from '../testing/test-kit';
import { Tracker } from '../trackers/tracker';
import { FailureStreak } from '../trippers/failure-streak';
import { type CallContext, Tripper } from '../trippers/tripper';
import { CountWindow } from '../windows/count-window';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';
import type { CircuitBreakerOptions } from './options';

function make(options: CircuitBreakerOptions = {}) {
  const faults: unknown[] = [];
  const log = recorder();
  const breaker = new CircuitBreaker({
    clock: new ManualClock(),
    permit: new AllowAll(),
    tripper: new FailureStreak(1),
    retry: new Cooldown(1_000),
    listeners: [log.fn],
    onListenerError: (error) => {
      faults.push(error);
    },
    ...options,
  });
  return { breaker, faults, log };
}

const flushMicrotasks = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('an onListenerError that returns a rejecting promise (item 2)', () => {
  it('is handled and reported on stderr, never left unhandled', async () => {
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => {});
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const breaker = new CircuitBreaker({
        listeners: [boom],
        onListenerError: async () => {
          throw new Error('handler down');
        },
      });
      breaker.forceOpen();
      await flushMicrotasks();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
      expect(stderr.mock.calls.flat().join(' ')).toContain('handler down');
    } finally {
      process.off('unhandledRejection', unhandled);
      stderr.mockRestore();
    }
  });
});

class Moving extends Tripper {
  constructor(private readonly move: () => void) {
    super();
  }
  evaluate(): boolean {
    this.move();
    return true;
  }
}

describe('other user callbacks that return a rejecting promise (item 2, same family)', () => {
  it('an async tripper, onCall and attach that reject are reported, not left unhandled', async () => {
    class RejectingTripper extends Tripper {
      // biome-ignore lint/suspicious/noExplicitAny: the fault under test is an async answer.
      evaluate(): any {
        return Promise.reject(new Error('evaluate rejected'));
      }
    }
    const listener = {
      notify() {},
      onCall: () => Promise.reject(new Error('onCall rejected')),
      attach: () => Promise.reject(new Error('attach rejected')),
    };
    const { breaker, faults } = make({ tripper: new RejectingTripper(), listeners: [listener] });
    expect(breaker.call(ok)).toBe('ok');
    await flushMicrotasks();
    const messages = faults.map(String).join(' | ');
    expect(messages).toContain('evaluate rejected');
    expect(messages).toContain('onCall rejected');
    expect(messages).toContain('attach rejected');
  });
});

describe('a verdict from an ended generation is discarded (item 4)', () => {
  it('a tripper that forces the circuit open leaves it forced_open', () => {
    let target: CircuitBreaker | undefined;
    const { breaker, log } = make({ tripper: new Moving(() => target!.forceOpen()) });
    target = breaker;
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().state).toBe('forced_open');
    expect(log.transitions).toEqual(['closed->forced_open']);
  });

  it('a retry that forces the circuit open: the signals arrive in transition order', () => {
    let target: CircuitBreaker | undefined;
    class ForcingRetry extends Retry {
      delay(): number {
        target!.forceOpen();
        return 1_000;
      }
    }
    const { breaker, log } = make({ retry: new ForcingRetry() });
    target = breaker;
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().state).toBe('forced_open');
    expect(log.transitions).toEqual(['closed->forced_open']);
  });

  it('a permit that forces the circuit open: no probe runs in forced_open', () => {
    let target: CircuitBreaker | undefined;
    class ForcingPermit extends Permit {
      admit(): boolean {
        target!.forceOpen();
        return true;
      }
    }
    const clock = new ManualClock();
    const { breaker, log } = make({ clock, permit: new ForcingPermit() });
    target = breaker;
    expect(() => breaker.call(boom)).toThrow('boom');
    clock.advance(1_000);
    const fn = jest.fn(ok);
    expect(() => breaker.call(fn)).toThrow(CallNotPermittedError);
    expect(fn).not.toHaveBeenCalled();
    expect(breaker.info().state).toBe('forced_open');
    expect(log.transitions).toEqual(['closed->open', 'open->half_open', 'half_open->forced_open']);
  });
});

class ThrowingWindow extends CountWindow {
  override record(_call: CallRecord): void {
    throw new Error('window broke');
  }
}

describe('a custom Window whose record() throws (item 6)', () => {
  it('keeps the caller value and error, and is reported', async () => {
    const { breaker, faults } = make({ window: new ThrowingWindow(10) });
    expect(breaker.call(ok)).toBe('ok');
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(faults).toHaveLength(2);
    expect(String(faults[0])).toContain('window broke');
    const async = new AsyncCircuitBreaker({
      window: new ThrowingWindow(10),
      onListenerError: () => {},
    });
    await expect(async.call(async () => 'v')).resolves.toBe('v');
  });
});

describe('a JavaScript subclass with fields named like internals (item 11)', () => {
  it('cannot break calls', () => {
    class Mine extends CircuitBreaker {
      [key: string]: unknown;
      constructor(options: CircuitBreakerOptions) {
        super(options);
        for (const name of [
          'state',
          'record',
          'generation',
          'admit',
          'settle',
          'execute',
          'window',
        ]) {
          Object.defineProperty(this, name, { value: 'mine', writable: true });
        }
      }
    }
    const breaker = new Mine({ tripper: new FailureStreak(2), permit: new AllowAll() });
    expect(breaker.call(ok)).toBe('ok');
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    expect(breaker.info().state).toBe('open');
  });
});

describe('non-boolean verdicts are faults with a safe default (item 13)', () => {
  it('an async tripper never trips and is reported', () => {
    class AsyncTripper extends Tripper {
      // biome-ignore lint/suspicious/noExplicitAny: the fault under test is a wrongly typed answer.
      evaluate(_ctx: CallContext): any {
        return Promise.resolve(false);
      }
    }
    const { breaker, faults } = make({ tripper: new AsyncTripper() });
    for (let i = 0; i < 5; i++) expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info().state).toBe('closed');
    expect(String(faults[0])).toContain('Tripper: evaluate() must return a boolean');
  });

  it('a tracker answering 0 counts the error (the safe side) and is reported', () => {
    class Zero extends Tracker {
      // biome-ignore lint/suspicious/noExplicitAny: the fault under test is a wrongly typed answer.
      matches(): any {
        return 0;
      }
    }
    const { breaker, faults } = make({ tracker: new Zero() });
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().state).toBe('open');
    expect(String(faults[0])).toContain('Tracker: matches() must return a boolean, got 0');
  });

  it('a permit answering "no" lets the probe run (as All would) and is reported', () => {
    class Stringly extends Permit {
      // biome-ignore lint/suspicious/noExplicitAny: the fault under test is a wrongly typed answer.
      admit(): any {
        return '';
      }
    }
    const clock = new ManualClock();
    const { breaker, faults } = make({ clock, permit: new Stringly() });
    expect(() => breaker.call(boom)).toThrow('boom');
    clock.advance(1_000);
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info().state).toBe('closed');
    expect(String(faults[0])).toContain('Permit: admit() must return a boolean, got ""');
  });
});
