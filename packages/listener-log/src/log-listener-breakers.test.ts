import { CallNotPermittedError, type Signal } from '@fluxgate/core';
import winston from 'winston';
import { LogListener } from './log-listener';
import {
  asyncBreaker,
  COOLDOWN_MS,
  failOnce,
  failOnceAsync,
  ok,
  syncBreaker,
} from './testing/breakers';
import { memoryLogger } from './testing/loggers';
import { ThrowingTransport } from './testing/memory-transport';

const TRANSITIONS = [
  "Circuit Breaker 'inventory' transitioned from CLOSED to OPEN",
  "Circuit Breaker 'inventory' transitioned from OPEN to HALF_OPEN",
  "Circuit Breaker 'inventory' transitioned from HALF_OPEN to CLOSED",
];

/** A logger whose only transport throws on every write, and a breaker's fault handler. */
function brokenSetup() {
  const logger = winston.createLogger({ transports: [new ThrowingTransport()] });
  const onListenerError = jest.fn<void, [unknown, Signal?]>();
  const signals: Signal[] = [];
  const listeners = [
    new LogListener({ name: 'inventory', logger }),
    (signal: Signal) => void signals.push(signal),
  ];
  return { onListenerError, signals, listeners };
}

describe('LogListener with AsyncCircuitBreaker', () => {
  test('logs every transition as with the sync breaker', async () => {
    const { logger, entries } = memoryLogger();
    const { breaker, clock } = asyncBreaker({
      listeners: [new LogListener({ name: 'inventory', logger })],
    });
    await failOnceAsync(breaker);
    expect(entries.map((e) => e.message)).toEqual(TRANSITIONS.slice(0, 1));
    clock.advance(COOLDOWN_MS);
    await expect(breaker.call(async () => 'ok')).resolves.toBe('ok');
    await breaker.flush();
    expect(entries.map((e) => e.message)).toEqual(TRANSITIONS);
    expect(entries.map((e) => e.level)).toEqual(['warn', 'info', 'info']);
  });

  test('manual controls are logged once their promise settles', async () => {
    const { logger, entries } = memoryLogger();
    const { breaker } = asyncBreaker({
      listeners: [new LogListener({ name: 'inventory', logger })],
    });
    await breaker.forceOpen();
    expect(entries.map((e) => `${e.newState}=${e.level}`)).toEqual(['forced_open=warn']);
  });
});

describe('a logger whose transport throws', () => {
  test('does not break a CircuitBreaker; the fault reaches onListenerError', () => {
    const { onListenerError, signals, listeners } = brokenSetup();
    const { breaker, clock } = syncBreaker({ listeners, onListenerError });
    expect(() =>
      breaker.call(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(breaker.info().state).toBe('open');
    expect(() => breaker.call(ok)).toThrow(CallNotPermittedError);
    expect(onListenerError).toHaveBeenCalledTimes(1);
    const [error, signal] = onListenerError.mock.calls[0];
    expect(error).toEqual(new Error('disk on fire'));
    expect(signal).toMatchObject({ oldState: 'closed', newState: 'open' });
    // The listeners after it still ran, and the breaker recovers as usual.
    expect(signals.map((s) => s.newState)).toEqual(['open']);
    clock.advance(COOLDOWN_MS);
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.info().state).toBe('closed');
    expect(signals.map((s) => s.newState)).toEqual(['open', 'half_open', 'closed']);
  });

  test('does not break an AsyncCircuitBreaker; the fault reaches onListenerError', async () => {
    const { onListenerError, signals, listeners } = brokenSetup();
    const { breaker, clock } = asyncBreaker({ listeners, onListenerError });
    await expect(breaker.call(async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(breaker.info().state).toBe('open');
    await expect(breaker.call(async () => 'x')).rejects.toThrow(CallNotPermittedError);
    await breaker.flush();
    expect(onListenerError).toHaveBeenCalledWith(new Error('disk on fire'), signals[0]);
    clock.advance(COOLDOWN_MS);
    await expect(breaker.call(async () => 'ok')).resolves.toBe('ok');
    await breaker.flush();
    expect(breaker.info().state).toBe('closed');
    expect(signals.map((s) => s.newState)).toEqual(['open', 'half_open', 'closed']);
  });

  test('a logger that throws on every call is reported on every transition', () => {
    const logger = winston.createLogger({ transports: [] });
    jest.spyOn(logger, 'log').mockImplementation(() => {
      throw new Error('logger down');
    });
    const onListenerError = jest.fn();
    const { breaker } = syncBreaker({
      listeners: [new LogListener({ name: 'inventory', logger })],
      onListenerError,
    });
    failOnce(breaker);
    breaker.reset();
    expect(
      onListenerError.mock.calls.map(([e, s]) => `${(e as Error).message}: ${s.newState}`),
    ).toEqual(['logger down: open', 'logger down: closed']);
  });
});
