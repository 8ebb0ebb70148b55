import { AsyncListener, Listener } from '../listeners/listener';
import type { Signal } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { boom, ManualClock } from '../testing/test-kit';
import { FailureStreak } from '../trippers/failure-streak';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';

class Closable extends Listener {
  signals: Signal[] = [];
  closes = 0;
  notify(signal: Signal): void {
    this.signals.push(signal);
  }
  close(): void {
    this.closes++;
  }
}

describe('close() closes the listeners that implement close()', () => {
  it('calls close() once on each such listener, skipping functions and plain listeners', async () => {
    const a = new Closable();
    const b = new Closable();
    const plain = { notify() {} };
    const breaker = new CircuitBreaker({ listeners: [a, () => {}, plain, b] });
    await breaker.close();
    await breaker.close();
    expect([a.closes, b.closes]).toEqual([1, 1]);
  });

  it('reports a listener whose close() throws or rejects and still closes the others', async () => {
    const faults: unknown[] = [];
    const good = new Closable();
    const breaker = new AsyncCircuitBreaker({
      onListenerError: (error) => faults.push(error),
      // Any listener object may implement close(); the option's type names only notify.
      listeners: [
        { notify() {}, close: () => Promise.reject(new Error('reject')) } as Listener,
        {
          notify() {},
          close: () => {
            throw new Error('throw');
          },
        } as Listener,
        good,
      ],
    });
    await expect(breaker.close()).resolves.toBeUndefined();
    expect(good.closes).toBe(1);
    expect(faults.map((e) => (e as Error).message).sort()).toEqual(['reject', 'throw']);
  });

  it('closes an async listener only after the signals already sent were delivered', async () => {
    const order: string[] = [];
    let release!: () => void;
    class Slow extends AsyncListener {
      async notify(signal: Signal): Promise<void> {
        await new Promise<void>((resolve) => (release = resolve));
        order.push(`notify ${signal.newState}`);
      }
      close(): void {
        order.push('close');
      }
    }
    const breaker = new AsyncCircuitBreaker({ listeners: [new Slow()] });
    void breaker.forceOpen();
    const closed = breaker.close();
    await Promise.resolve();
    release();
    await closed;
    expect(order).toEqual(['notify forced_open', 'close']);
  });
});

describe('Signal.origin', () => {
  it("is 'local' for every transition a breaker without a store makes", async () => {
    const signals: Signal[] = [];
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({
      clock,
      permit: new AllowAll(),
      tripper: new FailureStreak(1),
      listeners: [(signal) => signals.push(signal)],
    });
    expect(() => breaker.call(boom)).toThrow();
    breaker.forceOpen();
    breaker.reset();
    expect(signals.map((s) => s.origin)).toEqual(['local', 'local', 'local']);
  });
});

describe('breakers without listeners', () => {
  it('are independent: closing or moving one changes nothing for another', async () => {
    // They share one empty listener fan-out (it holds nothing of a breaker's), which must stay
    // invisible.
    const clock = new ManualClock();
    const first = new AsyncCircuitBreaker({ clock, tripper: new FailureStreak(1) });
    const second = new AsyncCircuitBreaker({ clock, tripper: new FailureStreak(1) });
    await first.close();
    await expect(first.call(async () => 1)).resolves.toBe(1);
    await expect(second.call(boom)).rejects.toThrow();
    expect([first.info().state, second.info().state]).toEqual(['closed', 'open']);
    await second.reset();
    await first.forceOpen();
    await Promise.all([first.flush(), second.flush(), second.close()]);
    expect([first.info().state, second.info().state]).toEqual(['forced_open', 'closed']);
  });
});
