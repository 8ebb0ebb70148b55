import winston from 'winston';
import { DEFAULT_LOGGER_ID } from './default-logger';
import { LogListener } from './log-listener';
import { COOLDOWN_MS, failOnce, ok, syncBreaker } from './testing/breakers';
import { fields, formatted, memoryLogger } from './testing/loggers';

/** A breaker with a LogListener on `logger`, taken closed -> open -> half_open -> closed. */
function run(logger: winston.Logger): void {
  const { breaker, clock } = syncBreaker({
    listeners: [new LogListener({ name: 'payments', logger })],
  });
  failOnce(breaker);
  clock.advance(COOLDOWN_MS);
  breaker.call(ok);
}

describe('LogListener with the app logger', () => {
  test("the logger's json() format gives structured lines with every field", () => {
    const { logger, entries } = memoryLogger({ format: winston.format.json() });
    run(logger);
    const opened = JSON.parse(formatted(entries[0]));
    expect(opened).toEqual({
      level: 'warn',
      message: "Circuit Breaker 'payments' transitioned from CLOSED to OPEN",
      circuit: 'payments',
      oldState: 'closed',
      newState: 'open',
      transitionAt: entries[0].transitionAt,
      failureRate: 1,
      totalCount: 1,
      origin: 'local',
    });
    expect(typeof opened.transitionAt).toBe('number');
  });

  test("winston's timestamp() format adds timestamp beside transitionAt, not over it", () => {
    const format = winston.format.combine(
      winston.format.timestamp({ format: () => 'LOGGED-AT' }),
      winston.format.json(),
    );
    const { logger, entries } = memoryLogger({ format });
    run(logger);
    const line = JSON.parse(formatted(entries[0]));
    expect(line.timestamp).toBe('LOGGED-AT');
    expect(typeof line.transitionAt).toBe('number');
  });

  test("the logger's own format shapes the line", () => {
    const format = winston.format.printf(
      (info) => `${info.circuit} ${info.oldState}->${info.newState} @${info.level}`,
    );
    const { logger, entries } = memoryLogger({ format });
    run(logger);
    expect(entries.map(formatted)).toEqual([
      'payments closed->open @warn',
      'payments open->half_open @info',
      'payments half_open->closed @info',
    ]);
  });

  test("the logger's level filters entries", () => {
    const { logger, entries } = memoryLogger({ level: 'warn' });
    run(logger);
    expect(entries.map((e) => e.newState)).toEqual(['open']);
  });

  test("the logger's default metadata and a child logger's metadata are kept", () => {
    const { logger, entries } = memoryLogger({ defaultMeta: { service: 'checkout' } });
    run(logger.child({ requestId: 'r-1' }));
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      expect(fields(entry)).toMatchObject({
        service: 'checkout',
        requestId: 'r-1',
        circuit: 'payments',
      });
    }
  });

  test('no transport is added and the shared default logger is never created', () => {
    const { logger, transport } = memoryLogger();
    const stderr = jest.spyOn(process.stderr, 'write');
    try {
      run(logger);
      expect(logger.transports).toEqual([transport]);
      expect(winston.loggers.has(DEFAULT_LOGGER_ID)).toBe(false);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });
});
