// winston failing, end to end: a transport that throws, one that fails through its callback,
// a logger whose log() throws. The breaker keeps working, every failed entry is reported to
// onListenerError, the logger is never wedged, and the other listeners still get every signal.
import { LogListener } from '@fluxgate/listener-log';
import winston from 'winston';
import { type BreakerKind, eitherBreaker } from '../support/either-breaker';
import { COOLDOWN } from '../support/test-breakers';
import { Transport } from '../support/winston-transport';

class Throwing extends Transport {
  override log(): void {
    throw new Error('transport down');
  }
}

class FailingCallback extends Transport {
  override log(_info: unknown, callback: (error?: Error) => void): void {
    callback(new Error('disk full'));
  }
}

class Keeping extends Transport {
  readonly entries: Record<string, unknown>[] = [];
  override log(info: Record<string, unknown>, callback: () => void): void {
    this.entries.push(info);
    callback();
  }
}

async function cycle(kind: BreakerKind, logger: winston.Logger) {
  const faults: unknown[] = [];
  const signals: string[] = [];
  const breaker = eitherBreaker(kind, {
    listeners: [
      new LogListener({ name: 'payments', logger }),
      (s) => void signals.push(s.newState),
    ],
    onListenerError: (e) => faults.push(e),
  });
  const own = new Error('down');
  expect(
    await breaker.call(() => {
      throw own;
    }),
  ).toEqual({ threw: true, error: own });
  breaker.clock.advance(COOLDOWN);
  expect(await breaker.call(() => 'probe')).toEqual({ threw: false, value: 'probe' });
  await breaker.forceOpen();
  await breaker.reset();
  await breaker.settle();
  expect(breaker.info().state).toBe('closed');
  expect(signals).toEqual(['open', 'half_open', 'closed', 'forced_open', 'closed']);
  return faults;
}

describe.each<BreakerKind>(['sync', 'async'])('%s breaker', (kind) => {
  test('a transport that throws: reported on every transition, the others keep logging', async () => {
    const keeping = new Keeping();
    const logger = winston.createLogger({ transports: [new Throwing(), keeping] });
    const faults = await cycle(kind, logger);
    expect(faults).toEqual(Array(5).fill(new Error('transport down')));
    expect(keeping.entries.length).toBeGreaterThanOrEqual(4);
    // Past the streams' high-water mark the app's logger still delivers its own entries.
    for (let i = 0; i < 40; i++) expect(() => logger.info(`app ${i}`)).toThrow('transport down');
    expect(keeping.entries.at(-1)?.message).toBe('app 39');
  });

  test('a transport failing through its callback, on a logger nobody listens to', async () => {
    const logger = winston.createLogger({ transports: [new FailingCallback()] });
    const faults = await cycle(kind, logger);
    // winston emits the error on the logger; with no listener there, Node throws it out of log()
    // wrapped as ERR_UNHANDLED_ERROR; the listener reports the transport's own error, once per
    // transition.
    expect(faults).toEqual(Array(5).fill(new Error('disk full')));
  });

  test('a transport failing through its callback, on a logger the app listens to', async () => {
    const logger = winston.createLogger({ transports: [new FailingCallback()] });
    const appSaw: unknown[] = [];
    logger.on('error', (error) => appSaw.push(error));
    const faults = await cycle(kind, logger);
    // The app's own handler gets winston's errors, as it asked to; the breaker is untouched.
    expect(faults).toEqual([]);
    expect(appSaw.length).toBeGreaterThanOrEqual(1);
  });

  test('a logger whose log() throws: every transition reported once', async () => {
    const logger = winston.createLogger({ transports: [new Keeping()] });
    const broken = new Error('logger closed');
    logger.log = (() => {
      throw broken;
    }) as unknown as winston.LogMethod;
    const faults = await cycle(kind, logger);
    expect(faults).toHaveLength(5);
    expect(faults.every((f) => f === broken)).toBe(true);
  });
});
