// The `store` option as the breakers see it without a reachable store: validation, and a store
// that is down (every request rejects, as a RedisStore does when Redis is unreachable or the
// store is closed). The real-Redis behaviour is tested in @fluxgate/store-redis.
import type { Signal } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { Cooldown } from '../retries/cooldown';
import type { CircuitStore } from '../store/circuit-store';
import { boom, ok } from '../testing/test-kit';
import { FailureStreak } from '../trippers/failure-streak';
import { CountWindow } from '../windows/count-window';
import { TimeWindow } from '../windows/time-window';
import { AsyncCircuitBreaker } from './async-circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';

/** A store whose every request is refused: counts the requests, and who registered. */
function downStore(name = 'payments') {
  const requests: string[] = [];
  let registered = 0;
  const refuse = (what: string) => {
    requests.push(what);
    return Promise.reject(new Error(`connect ECONNREFUSED (${what})`));
  };
  const store: CircuitStore = {
    name,
    batchMs: 1,
    leaseMs: 1_000,
    sync: () => refuse('sync'),
    transition: () => refuse('transition'),
    acquire: () => refuse('acquire'),
    register: () => {
      registered++;
      return () => {
        registered--;
      };
    },
  };
  return { store, requests, registered: () => registered };
}

const window = () => new TimeWindow(60_000);

describe('the store option is validated', () => {
  it.each([
    ['null', null],
    ['a string', 'redis://localhost'],
    ['an object without methods', { name: 'x', batchMs: 1, leaseMs: 1 }],
  ])('refuses %s, naming the option and the value', (_, store) => {
    for (const Breaker of [CircuitBreaker, AsyncCircuitBreaker]) {
      expect(() => new Breaker({ store: store as never, window: window() })).toThrow(
        new RegExp(
          `^${Breaker.name}: store must be a CircuitStore \\(e\\.g\\. RedisStore\\.circuit\\(name\\)\\), got `,
        ),
      );
    }
  });

  it('needs a TimeWindow: a CountWindow, and the default window, are refused', () => {
    const { store } = downStore();
    expect(() => new CircuitBreaker({ store, window: new CountWindow(10) })).toThrow(
      /^CircuitBreaker: window must be a TimeWindow when a store is given, got an instance of CountWindow/,
    );
    expect(() => new AsyncCircuitBreaker({ store })).toThrow(TypeError);
  });

  it('is among the option names an unknown option lists', () => {
    expect(() => new CircuitBreaker({ stor: 1 } as never)).toThrow(/, store$/);
  });

  it('a refused construction registers nothing with the store', () => {
    const down = downStore();
    expect(
      () => new CircuitBreaker({ store: down.store, window: window(), retry: 1 as never }),
    ).toThrow();
    expect(down.registered()).toBe(0);
    new CircuitBreaker({ store: down.store, window: window() });
    expect(down.registered()).toBe(1);
  });
});

describe('a breaker whose store is down runs on its local state', () => {
  it('never fails, delays or touches the store on a call; reports the outage once', async () => {
    const down = downStore();
    const faults: unknown[] = [];
    const breaker = new AsyncCircuitBreaker({
      store: down.store,
      window: window(),
      onListenerError: (error) => faults.push(error),
    });
    const before = down.requests.length;
    // The request made at construction has not gone out yet: nothing runs on a caller's path.
    await expect(breaker.call(ok)).resolves.toBe('ok');
    expect(down.requests.length).toBe(before);
    for (let i = 0; i < 5; i++) await breaker.call(ok);
    await breaker.close();
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ name: 'StoreUnavailableError', circuit: 'payments' });
    expect(down.registered()).toBe(0); // close() left the store
  });

  it('trips, probes and closes locally; each signal is delivered at once, as local', async () => {
    const down = downStore();
    const signals: Signal[] = [];
    let now = 0;
    const breaker = new CircuitBreaker({
      store: down.store,
      window: window(),
      clock: { now: () => now },
      tripper: new FailureStreak(2),
      retry: new Cooldown(1_000),
      permit: new AllowAll(),
      listeners: [(signal) => signals.push(signal)],
      onListenerError: () => {},
    });
    await breaker.close(); // the first request failed: degraded (and no longer talking to it)
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(breaker.info().state).toBe('open');
    now += 1_000;
    expect(breaker.call(ok)).toBe('ok');
    expect(signals.map((s) => [s.oldState, s.newState, s.origin])).toEqual([
      ['closed', 'open', 'local'],
      ['open', 'half_open', 'local'],
      ['half_open', 'closed', 'local'],
    ]);
  });

  it("a control's promise settles once its signal was handled, without waiting for the store", async () => {
    const down = downStore();
    const handled: string[] = [];
    const breaker = new AsyncCircuitBreaker({
      store: down.store,
      window: window(),
      listeners: [async (signal) => void handled.push(signal.newState)],
      onListenerError: () => {},
    });
    await breaker.flush();
    await breaker.forceOpen(); // the store's answer (a failure) comes first
    expect(handled).toEqual(['forced_open']);
    await breaker.close();
    await breaker.reset(); // after close(): degraded, delivered at once
    expect(handled).toEqual(['forced_open', 'closed']);
  });
});
