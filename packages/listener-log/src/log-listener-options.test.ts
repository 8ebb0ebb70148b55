import { Console } from 'node:console';
import winston from 'winston';
import { LogListener, type LogListenerOptions } from './log-listener';
import { memoryLogger } from './testing/loggers';

const construct = (options: unknown) => () => new LogListener(options as LogListenerOptions);

describe('LogListener options', () => {
  test.each([
    ['', '""'],
    ['   ', '"   "'],
    [undefined, 'undefined'],
    [null, 'null'],
    [42, '42'],
    [{ toString: () => 'payments' }, '[object Object]'],
  ])('name %p is a TypeError', (name, shown) => {
    const { logger } = memoryLogger();
    expect(construct({ name, logger })).toThrow(
      new TypeError(`LogListener: name must be a non-empty string, got ${shown}`),
    );
  });

  test.each([
    [undefined, 'undefined'],
    [null, 'null'],
    ['payments', '"payments"'],
  ])('options %p is a TypeError', (options, shown) => {
    expect(construct(options)).toThrow(
      new TypeError(`LogListener: options must be an object, got ${shown}`),
    );
  });

  test.each([
    [{}, '[object Object]'],
    [new Console({ stdout: process.stdout }), 'an instance of Console'],
    [{ log: () => undefined }, '[object Object]'],
    [{ levels: winston.config.npm.levels }, '[object Object]'],
    ['logger', '"logger"'],
  ])('logger %# that is not a winston logger is a TypeError', (logger, shown) => {
    expect(construct({ name: 'payments', logger })).toThrow(
      new TypeError(
        `LogListener: logger must be a winston logger (with log() and levels), got ${shown}`,
      ),
    );
  });

  test('a bad name is reported before a bad logger', () => {
    expect(construct({ name: '', logger: {} })).toThrow(/name must be a non-empty string/);
  });

  test.each([
    ['levelmap', { levelmap: { open: 'error' } }],
    ['loger', { loger: undefined }],
    ['onError', { onError: () => undefined }],
  ])('unknown option %s is a TypeError naming the valid ones', (key, extra) => {
    const { logger } = memoryLogger();
    expect(construct({ name: 'payments', logger, ...extra })).toThrow(
      new TypeError(`LogListener: unknown option '${key}'; the options are name, logger, levelMap`),
    );
  });

  test('options given as undefined are taken as absent', () => {
    expect(
      () => new LogListener({ name: 'payments', logger: undefined, levelMap: undefined }),
    ).not.toThrow();
  });

  test('a valid name and logger are kept', () => {
    const { logger } = memoryLogger();
    expect(new LogListener({ name: 'payments', logger }).name).toBe('payments');
  });
});
