import { EOL } from 'node:os';
import winston from 'winston';
import { DEFAULT_LOGGER_ID, defaultLogger } from './default-logger';
import { LogListener } from './log-listener';
import { failOnce, syncBreaker } from './testing/breakers';
import { MemoryTransport } from './testing/memory-transport';

const ISO_TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

let stderr: jest.SpyInstance;

beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  stderr.mockRestore();
  winston.loggers.close(DEFAULT_LOGGER_ID);
});

/** What the default logger wrote to stderr, one string per write. */
const written = (): string[] => stderr.mock.calls.map(([chunk]) => String(chunk));

describe('the default logger', () => {
  test('is not created by importing the package, only by the first LogListener', () => {
    expect(winston.loggers.has(DEFAULT_LOGGER_ID)).toBe(false);
    new LogListener({ name: 'payments' });
    expect(winston.loggers.has(DEFAULT_LOGGER_ID)).toBe(true);
  });

  test('writes one readable timestamped line per transition to stderr', () => {
    const { breaker } = syncBreaker({ listeners: [new LogListener({ name: 'payments' })] });
    failOnce(breaker);
    breaker.reset();
    expect(written()).toHaveLength(2);
    expect(written()[0]).toMatch(
      new RegExp(
        `^${ISO_TIME} \\[fluxgate\\] warn: Circuit Breaker 'payments' transitioned from CLOSED to OPEN ` +
          `\\(failure rate 100% over 1 call\\)${EOL}$`,
      ),
    );
    expect(written()[1]).toMatch(
      new RegExp(
        `^${ISO_TIME} \\[fluxgate\\] info: Circuit Breaker 'payments' transitioned from OPEN to CLOSED \\(window empty\\)${EOL}$`,
      ),
    );
  });

  test('the line shows the failure rate in percent and the number of calls', () => {
    defaultLogger().log({ level: 'warn', message: 'm', failureRate: 1 / 3, totalCount: 3 });
    defaultLogger().info('plain entry');
    expect(written()[0]).toMatch(
      new RegExp(
        `^${ISO_TIME} \\[fluxgate\\] warn: m \\(failure rate 33\\.3% over 3 calls\\)${EOL}$`,
      ),
    );
    expect(written()[1]).toMatch(
      new RegExp(`^${ISO_TIME} \\[fluxgate\\] info: plain entry${EOL}$`),
    );
  });

  test('a hostile message an app logs here is rendered safely, never thrown', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    defaultLogger().log({ level: 'info', message: Object.create(null) });
    defaultLogger().log({ level: 'info', message: revoked.proxy as never });
    expect(written()[0]).toMatch(/\[fluxgate\] info: \[object Object\]/);
    expect(written()[1]).toMatch(/\[fluxgate\] info: a revoked Proxy/);
  });

  test('logs at info and above', () => {
    expect(defaultLogger().level).toBe('info');
    const { breaker } = syncBreaker({
      listeners: [new LogListener({ name: 'payments', levelMap: { open: 'debug' } })],
    });
    failOnce(breaker);
    breaker.reset();
    expect(written()).toEqual([expect.stringContaining('from OPEN to CLOSED')]);
  });

  test('is one logger shared by every listener and kept in winston.loggers', () => {
    const logger = defaultLogger();
    expect(defaultLogger()).toBe(logger);
    expect(winston.loggers.get(DEFAULT_LOGGER_ID)).toBe(logger);
    const a = syncBreaker({ listeners: [new LogListener({ name: 'a' })] });
    const b = syncBreaker({ listeners: [new LogListener({ name: 'b' })] });
    failOnce(a.breaker);
    failOnce(b.breaker);
    expect(written().map((line) => line.match(/'(\w)'/)?.[1])).toEqual(['a', 'b']);
  });

  test('an app may register its own logger under the id to replace it', () => {
    const transport = new MemoryTransport();
    winston.loggers.add(DEFAULT_LOGGER_ID, { transports: [transport] });
    const { breaker } = syncBreaker({ listeners: [new LogListener({ name: 'payments' })] });
    failOnce(breaker);
    expect(transport.entries.map((e) => e.message)).toEqual([
      "Circuit Breaker 'payments' transitioned from CLOSED to OPEN",
    ]);
    expect(stderr).not.toHaveBeenCalled();
  });

  test('a closed default logger is created again on the next transition', () => {
    const { breaker } = syncBreaker({ listeners: [new LogListener({ name: 'payments' })] });
    winston.loggers.close(DEFAULT_LOGGER_ID);
    failOnce(breaker);
    expect(written()).toEqual([expect.stringContaining('from CLOSED to OPEN')]);
  });
});
