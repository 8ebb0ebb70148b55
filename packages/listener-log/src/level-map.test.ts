import winston from 'winston';
import { LogListener, type LogListenerOptions } from './log-listener';
import { failOnce, syncBreaker } from './testing/breakers';
import { memoryLogger } from './testing/loggers';

const NPM_LEVELS = 'error, warn, info, http, verbose, debug, silly';
const SYSLOG_LEVELS = 'emerg, alert, crit, error, warning, notice, info, debug';

function listener(levelMap: unknown, loggerOptions: winston.LoggerOptions = {}) {
  const { logger, entries } = memoryLogger(loggerOptions);
  const make = () => new LogListener({ name: 'payments', logger, levelMap } as LogListenerOptions);
  return { make, entries };
}

describe('levelMap validation', () => {
  test('an unknown level is a TypeError naming the level and the logger levels', () => {
    expect(listener({ open: 'critical' }).make).toThrow(
      new TypeError(
        `LogListener: levelMap.open must be one of the logger's levels (${NPM_LEVELS}), got "critical"`,
      ),
    );
  });

  test("the logger's own levels are the ones checked", () => {
    const syslog = { levels: winston.config.syslog.levels };
    expect(listener({ open: 'warn', forced_open: 'crit' }, syslog).make).toThrow(
      `levelMap.open must be one of the logger's levels (${SYSLOG_LEVELS}), got "warn"`,
    );
    const custom = { levels: { page: 0, note: 1 }, level: 'note' };
    expect(listener({ closed: 'info' }, custom).make).toThrow(
      `levelMap.closed must be one of the logger's levels (page, note), got "info"`,
    );
  });

  test('a default level the logger lacks is a TypeError that says which state to map', () => {
    const syslog = { levels: winston.config.syslog.levels };
    expect(listener(undefined, syslog).make).toThrow(
      new TypeError(
        `LogListener: levelMap.open must be one of the logger's levels (${SYSLOG_LEVELS}), ` +
          'got the default "warn", which this logger does not have; set levelMap.open',
      ),
    );
    expect(listener({ open: 'warning' }, syslog).make).toThrow(/set levelMap.forced_open$/);
  });

  test('any level of a logger with custom levels is accepted and used', () => {
    const custom = { levels: { page: 0, note: 1 }, level: 'note' };
    const levelMap = {
      open: 'page',
      forced_open: 'page',
      closed: 'note',
      half_open: 'note',
      metrics_only: 'note',
      disabled: 'note',
    };
    const { make, entries } = listener(levelMap, custom);
    const { breaker } = syncBreaker({ listeners: [make()] });
    failOnce(breaker);
    breaker.reset();
    expect(entries.map((e) => `${e.newState}=${e.level}`)).toEqual(['open=page', 'closed=note']);
  });

  test('syslog levels work once open and forced_open are mapped', () => {
    const { make, entries } = listener(
      { open: 'warning', forced_open: 'crit' },
      { levels: winston.config.syslog.levels, level: 'debug' },
    );
    const { breaker } = syncBreaker({ listeners: [make()] });
    breaker.forceOpen();
    expect(entries.map((e) => e.level)).toEqual(['crit']);
  });

  test.each([
    [
      { opened: 'warn' },
      `keys must be states (closed, open, half_open, metrics_only, disabled, forced_open), got "opened"`,
    ],
    [{ open: 3 }, `levelMap.open must be one of the logger's levels (${NPM_LEVELS}), got 3`],
    [{ open: '' }, `levelMap.open must be one of the logger's levels (${NPM_LEVELS}), got ""`],
    [{ open: 'toString' }, `got "toString"`],
    ['warn', 'levelMap must be an object of state -> level, got "warn"'],
    [null, 'levelMap must be an object of state -> level, got null'],
    [['warn'], 'levelMap must be an object of state -> level, got ["warn"]'],
  ])('levelMap %p is a TypeError', (levelMap, message) => {
    const { make } = listener(levelMap);
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });
});
