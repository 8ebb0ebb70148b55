import { AsyncCircuitBreaker } from '../breaker/async-circuit-breaker';
import { CircuitBreaker } from '../breaker/circuit-breaker';
import { Listener } from '../listeners/listener';
import type { Signal } from '../listeners/signal';
import { All as AllowAll } from '../permits/all';
import { boom, ManualClock } from '../testing/test-kit';
import { FailureStreak } from '../trippers/failure-streak';
import { BreakerRegistry } from './breaker-registry';
import type { EvictionReason } from './options';

class Closable extends Listener {
  closes = 0;
  notify(_signal: Signal): void {}
  close(): void {
    this.closes++;
  }
}

function setup(options: { maxSize?: number; idleTimeout?: number; closeOnEvict?: boolean } = {}) {
  const clock = new ManualClock();
  const evicted: string[] = [];
  const listeners = new Map<string, Closable>();
  const registry = new BreakerRegistry({
    ...options,
    clock,
    create: (key) => {
      const listener = new Closable();
      listeners.set(key, listener);
      return new CircuitBreaker({
        clock,
        permit: new AllowAll(),
        tripper: new FailureStreak(1),
        listeners: [listener],
      });
    },
    onEvict: (key, _breaker, reason: EvictionReason) => evicted.push(`${key}:${reason}`),
  });
  const keys = () => [...registry.keys()].sort();
  const trip = (key: string) => expect(() => registry.get(key).call(boom)).toThrow('boom');
  return { clock, registry, evicted, listeners, keys, trip };
}

describe('least-recently-used eviction beyond maxSize', () => {
  it('evicts the least recently used circuit, counting get as a use', () => {
    const { registry, evicted, keys } = setup({ maxSize: 2 });
    registry.get('a');
    registry.get('b');
    registry.get('a'); // b is now the least recently used
    registry.get('c');
    expect(keys()).toEqual(['a', 'c']);
    expect(evicted).toEqual(['b:size']);
  });

  it('does not count peek, has, info or iteration as a use', () => {
    const { registry, evicted } = setup({ maxSize: 2 });
    registry.get('a');
    registry.get('b');
    registry.peek('a');
    registry.has('a');
    registry.info();
    [...registry];
    registry.get('c');
    expect(evicted).toEqual(['a:size']);
  });

  it('passes over circuits that are not closed while a closed one is left', () => {
    const { registry, evicted, keys, trip } = setup({ maxSize: 3 });
    trip('open');
    registry.get('forced').forceOpen();
    registry.get('closed');
    registry.get('new');
    expect(keys()).toEqual(['forced', 'new', 'open']);
    expect(evicted).toEqual(['closed:size']);
    expect(registry.get('open').info().state).toBe('open');
  });

  it('evicts the least recently used circuit when none is closed, so size stays bounded', () => {
    const { registry, evicted, keys, trip } = setup({ maxSize: 2 });
    trip('first');
    trip('second');
    registry.get('third');
    expect(keys()).toEqual(['second', 'third']);
    expect(evicted).toEqual(['first:size']);
  });

  it('looks again at a passed-over circuit once it was used', () => {
    const { registry, evicted, clock, trip } = setup({ maxSize: 2 });
    trip('flaky');
    registry.get('x');
    registry.get('y'); // flaky is open and passed over; x goes
    clock.advance(60_000);
    registry.get('flaky').call(() => 'probe'); // half_open -> closed
    expect(registry.get('flaky').info().state).toBe('closed');
    registry.get('y');
    registry.get('z');
    expect(evicted).toEqual(['x:size', 'flaky:size']);
  });

  it('leaves at most maxSize breakers after 100k distinct keys, each evicted one closed', async () => {
    let created = 0;
    let closed = 0;
    const registry = new BreakerRegistry({
      maxSize: 1000,
      create: () => {
        created++;
        const listener = { notify() {}, close: () => void closed++ };
        return new CircuitBreaker({ listeners: [listener] });
      },
    });
    for (let i = 0; i < 100_000; i++) {
      registry.get(`tenant-${i}`);
      // Let the evicted breakers' close() run now and then, as between requests.
      if (i % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
      if (registry.size > 1000) throw new Error(`size ${registry.size} after ${i + 1} keys`);
    }
    expect(created).toBe(100_000);
    expect(registry.size).toBe(1000);
    expect([...registry.keys()]).toHaveLength(1000);
    expect(registry.has('tenant-99999')).toBe(true);
    expect(registry.has('tenant-98999')).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(99_000);
    // ~2 s on an idle machine; 100k breakers are the point, so a loaded one gets room, not fewer.
  }, 60_000);

  it('stays bounded when every circuit is open', () => {
    const registry = new BreakerRegistry({
      maxSize: 50,
      create: () => {
        const breaker = new CircuitBreaker();
        breaker.forceOpen();
        return breaker;
      },
    });
    for (let i = 0; i < 5_000; i++) registry.get(`k${i}`);
    expect(registry.size).toBe(50);
  });
});

describe('idle eviction (lazy, with an injected clock)', () => {
  it('evicts closed circuits unused for idleTimeout at the next use of the registry', () => {
    const { registry, evicted, clock, keys } = setup({ idleTimeout: 1_000 });
    registry.get('a');
    clock.advance(400);
    registry.get('b');
    clock.advance(599);
    expect(keys()).toEqual(['a', 'b']);
    clock.advance(1);
    expect(registry.size).toBe(1);
    expect(evicted).toEqual(['a:idle']);
    clock.advance(399);
    registry.get('b'); // a use resets b's idle time
    clock.advance(999);
    expect(registry.has('b')).toBe(true);
    clock.advance(1);
    expect(registry.info()).toEqual({});
    expect(evicted).toEqual(['a:idle', 'b:idle']);
  });

  it('keeps circuits that are not closed past idleTimeout', () => {
    const { registry, evicted, clock, keys, trip } = setup({ idleTimeout: 1_000 });
    trip('open');
    registry.get('closed');
    clock.advance(5_000);
    expect(keys()).toEqual(['open']);
    expect(evicted).toEqual(['closed:idle']);
  });

  it('reads no clock without idleTimeout, and one per get with it', () => {
    const clock = new ManualClock();
    const plain = new BreakerRegistry({ clock, create: () => new CircuitBreaker() });
    plain.get('a');
    plain.get('a');
    expect(clock.reads).toBe(0);
    const idle = new BreakerRegistry({
      clock,
      idleTimeout: 10,
      create: () => new CircuitBreaker(),
    });
    idle.get('a');
    const before = clock.reads;
    idle.get('a');
    expect(clock.reads - before).toBe(1);
  });

  it('a clock that steps back, returns NaN or throws evicts nothing early and breaks nothing', () => {
    let reading: () => number = () => 1_000;
    const faults: unknown[] = [];
    const registry = new BreakerRegistry({
      idleTimeout: 100,
      clock: { now: () => reading() },
      onError: (error) => faults.push(error),
      create: () => new CircuitBreaker(),
    });
    registry.get('a');
    reading = () => 0;
    expect(registry.size).toBe(1);
    reading = () => Number.NaN;
    registry.get('b');
    expect(registry.size).toBe(2);
    reading = () => {
      throw new Error('clock broke');
    };
    expect(registry.get('a')).toBeInstanceOf(CircuitBreaker);
    expect(faults).toEqual([new Error('clock broke')]);
    reading = () => 1_100;
    expect(registry.has('a')).toBe(true); // used at 1000, idle only from 1100 on
  });
});

describe('closing on eviction', () => {
  it("closes the evicted breaker's listeners, for every reason", async () => {
    const { registry, listeners, clock, evicted } = setup({ maxSize: 2, idleTimeout: 1_000 });
    registry.get('size');
    registry.get('idle');
    registry.get('next'); // evicts "size"
    clock.advance(1_000);
    registry.get('deleted'); // "idle" and "next" are now idle
    expect(registry.delete('deleted')).toBe(true);
    expect(registry.delete('deleted')).toBe(false);
    registry.get('cleared');
    await registry.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(evicted).toEqual([
      'size:size',
      'idle:idle',
      'next:idle',
      'deleted:delete',
      'cleared:clear',
    ]);
    expect([...listeners].map(([key, l]) => `${key}:${l.closes}`)).toEqual([
      'size:1',
      'idle:1',
      'next:1',
      'deleted:1',
      'cleared:1',
    ]);
    expect(registry.size).toBe(0);
  });

  it('leaves the listeners open with closeOnEvict: false', async () => {
    const { registry, listeners } = setup({ maxSize: 1, closeOnEvict: false });
    registry.get('a');
    registry.get('b');
    await registry.clear();
    expect([...listeners.values()].map((l) => l.closes)).toEqual([0, 0]);
  });

  it('reports faults of onEvict, its promise and close() to onError, never to the caller', async () => {
    const faults: string[] = [];
    let mode = 0;
    const registry = new BreakerRegistry({
      maxSize: 1,
      onError: (error) => {
        faults.push((error as Error).message);
        throw new Error('onError itself failed');
      },
      onEvict: () => {
        if (mode++ === 0) throw new Error('onEvict threw');
        return Promise.reject(new Error('onEvict rejected'));
      },
      create: () => {
        const listener = { notify() {}, close: () => Promise.reject(new Error('listener close')) };
        return new AsyncCircuitBreaker({ onListenerError: () => {}, listeners: [listener] });
      },
    });
    registry.get('a');
    expect(() => registry.get('b')).not.toThrow();
    expect(() => registry.get('c')).not.toThrow();
    const broken = new AsyncCircuitBreaker();
    broken.close = () => Promise.reject(new Error('close rejected'));
    const other = new BreakerRegistry({
      create: () => broken,
      onError: (e) => faults.push((e as Error).message),
    });
    other.get('x');
    expect(other.delete('x')).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(faults.sort()).toEqual(['close rejected', 'onEvict rejected', 'onEvict threw']);
    expect(registry.size).toBe(1);
  });

  it('may be used again from inside onEvict', () => {
    const registry: BreakerRegistry<CircuitBreaker> = new BreakerRegistry({
      maxSize: 2,
      create: () => new CircuitBreaker(),
      onEvict: (key) => {
        if (key === 'a') registry.get('from-onEvict');
      },
    });
    registry.get('a');
    registry.get('b');
    registry.get('c');
    expect(registry.size).toBeLessThanOrEqual(2);
    expect(registry.has('c')).toBe(true);
  });
});
