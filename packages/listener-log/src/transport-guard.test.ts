import type { Signal } from '@fluxgate/core';
import winston from 'winston';
import { LogListener } from './log-listener';
import { failOnce, syncBreaker } from './testing/breakers';
import { MemoryTransport, ThrowingTransport } from './testing/memory-transport';

/** A breaker whose every reset() logs one entry through a LogListener on `logger`. */
function breakerOn(logger: winston.Logger) {
  const faults: { error: unknown; signal?: Signal }[] = [];
  const { breaker } = syncBreaker({
    listeners: [new LogListener({ name: 'payments', logger })],
    onListenerError: (error, signal) => faults.push({ error, signal }),
  });
  return { breaker, faults };
}

describe('a winston transport that throws', () => {
  test('every failed write is reported, and the other transports keep receiving entries', () => {
    const kept = new MemoryTransport();
    const logger = winston.createLogger({ transports: [new ThrowingTransport(), kept] });
    const { breaker, faults } = breakerOn(logger);

    // Well past the streams' high-water mark (16 entries), where an unguarded logger wedges.
    for (let i = 0; i < 40; i++) breaker.reset();

    expect(faults).toHaveLength(40);
    for (const { error, signal } of faults) {
      expect(error).toEqual(new Error('disk on fire'));
      expect(signal?.newState).toBe('closed');
    }
    expect(kept.entries.length).toBeGreaterThanOrEqual(39);
    // The app's own logging through the same logger is not wedged either (the transport still
    // throws, out of the app's own call, as winston makes it).
    expect(() => logger.info('app entry')).toThrow('disk on fire');
    expect(() => logger.info('after')).toThrow('disk on fire');
    expect(kept.entries.map((e) => e.message)).toContain('after');
  });

  test("with the app listening on the logger's errors, nothing is lost and the app sees each", () => {
    const kept = new MemoryTransport();
    const logger = winston.createLogger({ transports: [new ThrowingTransport(), kept] });
    const seen: unknown[] = [];
    logger.on('error', (error) => seen.push(error));
    const { breaker, faults } = breakerOn(logger);

    for (let i = 0; i < 40; i++) breaker.reset();

    expect(faults).toEqual([]);
    expect(seen).toHaveLength(40);
    expect(kept.entries).toHaveLength(40);
  });

  test('a transport added later is guarded too, and guarding is done once per transport', () => {
    const logger = winston.createLogger({ transports: [new MemoryTransport()] });
    const { breaker, faults } = breakerOn(logger);
    failOnce(breaker);
    const late = new ThrowingTransport();
    logger.add(late);
    for (let i = 0; i < 20; i++) breaker.reset();
    expect(faults).toHaveLength(20);
    const guardedLog = late.log;
    breaker.reset();
    expect(late.log).toBe(guardedLog);
  });

  test('a transport that throws after calling back is reported and not called back twice', () => {
    class LateThrow extends MemoryTransport {
      override log(info: Record<string | symbol, unknown>, next: () => void): void {
        super.log(info, next);
        throw new Error('after the callback');
      }
    }
    const late = new LateThrow();
    const logger = winston.createLogger({ transports: [late] });
    const { breaker, faults } = breakerOn(logger);
    for (let i = 0; i < 20; i++) breaker.reset();
    expect(faults).toHaveLength(20);
    expect(late.entries).toHaveLength(20);
  });
});
