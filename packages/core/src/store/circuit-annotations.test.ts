// `breaker.annotations` as listeners receive it in `attach`: local without a store (or with a
// store that keeps none), the store's own otherwise, with the arguments checked in one place.
// The Redis implementation is tested against a real redis-server in @fluxgate/store-redis.
import { AsyncCircuitBreaker } from '../breaker/async-circuit-breaker';
import { CircuitBreaker } from '../breaker/circuit-breaker';
import type { BreakerView } from '../listeners/listener';
import { TimeWindow } from '../windows/time-window';
import type { CircuitAnnotations } from './circuit-annotations';
import type { CircuitStore } from './circuit-store';

/** A store that is never reached for outcomes (batchMs is long) but keeps annotations. */
function storeWith(annotations: unknown): CircuitStore {
  const never = () => new Promise<never>(() => {});
  return {
    name: 'payments',
    batchMs: 60_000,
    leaseMs: 1_000,
    sync: never,
    transition: never,
    acquire: never,
    register: () => () => {},
    annotations: annotations as CircuitAnnotations,
  };
}

describe('breaker.annotations without a store', () => {
  it.each([CircuitBreaker, AsyncCircuitBreaker])(
    '%p keeps them in memory, compare-and-set',
    async (Breaker) => {
      const notes = new Breaker().annotations;
      expect(notes.shared).toBe(false);
      expect(await notes.read('thread')).toBeNull();
      expect(await notes.write('thread', 'a', 'x')).toBe(false);
      expect(await notes.write('thread', 'a', null)).toBe(true);
      expect(await notes.write('thread', 'b', null)).toBe(false);
      expect(await notes.read('thread')).toBe('a');
      expect(await notes.write('thread', 'b')).toBe(true);
      expect(await notes.write('thread', null, 'a')).toBe(false);
      expect(await notes.write('thread', null, 'b')).toBe(true);
      expect(await notes.read('thread')).toBeNull();
    },
  );

  it('each breaker has its own', async () => {
    const one = new CircuitBreaker().annotations;
    await one.write('k', 'v');
    expect(await new CircuitBreaker().annotations.read('k')).toBeNull();
  });

  it('is what attach receives', () => {
    let view: BreakerView | undefined;
    const breaker = new AsyncCircuitBreaker({
      listeners: [{ notify() {}, attach: (b: BreakerView) => (view = b) }],
    });
    expect(view?.annotations).toBe(breaker.annotations);
  });
});

describe('breaker.annotations with a store', () => {
  it("uses the store's annotations, which say whether they are shared", async () => {
    const calls: unknown[][] = [];
    const store = storeWith({
      shared: true,
      read: async (key: string) => {
        calls.push(['read', key]);
        return 'ts-1';
      },
      write: async (...args: unknown[]) => {
        calls.push(['write', ...args]);
        return false;
      },
    });
    const notes = new AsyncCircuitBreaker({ store, window: new TimeWindow(60_000) }).annotations;
    expect(notes.shared).toBe(true);
    expect(await notes.read('thread')).toBe('ts-1');
    expect(await notes.write('thread', 'ts-2', null)).toBe(false);
    expect(calls).toEqual([
      ['read', 'thread'],
      ['write', 'thread', 'ts-2', null],
    ]);
  });

  it('keeps local ones for a store without annotations', async () => {
    const store = storeWith(undefined);
    const notes = new CircuitBreaker({ store, window: new TimeWindow(60_000) }).annotations;
    expect(notes.shared).toBe(false);
    expect(await notes.write('k', 'v')).toBe(true);
    expect(await notes.read('k')).toBe('v');
  });

  it('passes on a rejection of the store (unavailable)', async () => {
    const down = Promise.reject(new Error('ECONNREFUSED'));
    down.catch(() => {});
    const store = storeWith({ shared: true, read: () => down, write: () => down });
    const notes = new CircuitBreaker({ store, window: new TimeWindow(60_000) }).annotations;
    await expect(notes.read('k')).rejects.toThrow('ECONNREFUSED');
    await expect(notes.write('k', 'v')).rejects.toThrow('ECONNREFUSED');
  });

  it.each([
    ['null', null],
    ['an object without write', { read: async () => null }],
  ])('refuses store.annotations that is %s, naming it', (_, annotations) => {
    expect(
      () => new CircuitBreaker({ store: storeWith(annotations), window: new TimeWindow(60_000) }),
    ).toThrow(
      /^CircuitBreaker: store\.annotations must be undefined or CircuitAnnotations \(read and write\), got /,
    );
  });
});

describe('arguments are checked before the store sees them', () => {
  const notes = () => new CircuitBreaker().annotations;

  it.each([
    ['a number key', () => notes().read(1 as never), TypeError, /key must be a string/],
    [
      'an empty key',
      () => notes().read(''),
      RangeError,
      /key must be a string .*, not empty, got ""/,
    ],
    ['a long key', () => notes().write('k'.repeat(201), 'v'), RangeError, /at most 200 characters/],
    [
      'an undefined value',
      () => notes().write('k', undefined as never),
      TypeError,
      /value must be null or a string/,
    ],
    [
      'a long value',
      () => notes().write('k', 'v'.repeat(2_001)),
      RangeError,
      /value must be null or a string of at most 2000/,
    ],
    [
      'a number expected',
      () => notes().write('k', 'v', 3 as never),
      TypeError,
      /expected must be null or a string/,
    ],
  ])('rejects %s', async (_, act, type, message) => {
    const failure = act();
    await expect(failure).rejects.toThrow(type);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toThrow(/^CircuitBreaker\.annotations: /);
  });
});
