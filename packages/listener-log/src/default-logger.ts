import { describeValue } from '@fluxgate/core';
import { format, type Logform, type Logger, loggers, transports } from 'winston';

/**
 * The id of fluxgate's shared logger in winston's default container (`winston.loggers`).
 *
 * @example
 * ```ts
 * // Before the first LogListener without a logger is created: use this logger for all of them.
 * winston.loggers.add(DEFAULT_LOGGER_ID, { transports: [new winston.transports.Console()] });
 * ```
 */
export const DEFAULT_LOGGER_ID = 'fluxgate';

/** ` (failure rate 50% over 10 calls)` for a LogListener entry, nothing for other entries. */
function windowSuffix(info: Record<string, unknown>): string {
  const { totalCount, failureRate } = info;
  if (typeof totalCount !== 'number') return '';
  if (totalCount === 0 || typeof failureRate !== 'number') return ' (window empty)';
  const percent = Math.round(failureRate * 1000) / 10;
  return ` (failure rate ${percent}% over ${totalCount} call${totalCount === 1 ? '' : 's'})`;
}

/** A field of an entry as text; anything but a string goes through core's safe renderer. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : describeValue(value);
}

/** `<ISO time> [fluxgate] <level>: <message> (<window>)`: one line a person can read. */
function readableLine(): Logform.Format {
  return format.printf(
    (info) =>
      `${text(info.timestamp)} [fluxgate] ${text(info.level)}: ${text(info.message)}${windowSuffix(info)}`,
  );
}

/**
 * The shared winston logger that every `LogListener` created without a `logger` writes to. It
 * is created on first use (importing the package creates nothing), logs at `info` and above,
 * and writes one readable line per entry to `process.stderr`:
 *
 * ```text
 * 2025-05-01T09:30:00.000Z [fluxgate] warn: Circuit Breaker 'payments' transitioned from CLOSED to OPEN (failure rate 50% over 10 calls)
 * ```
 *
 * It lives in winston's default container under {@link DEFAULT_LOGGER_ID}, so every copy of
 * this package in a process shares it, and an app may register its own logger under that id
 * (before the first `LogListener` is created) to replace it.
 *
 * @example
 * ```ts
 * import { defaultLogger } from '@fluxgate/listener-log';
 *
 * defaultLogger().level = 'warn'; // only open / forced_open transitions
 * ```
 */
export function defaultLogger(): Logger {
  if (loggers.has(DEFAULT_LOGGER_ID)) return loggers.get(DEFAULT_LOGGER_ID);
  return loggers.add(DEFAULT_LOGGER_ID, {
    level: 'info',
    format: format.combine(format.timestamp(), readableLine()),
    transports: [new transports.Stream({ stream: process.stderr })],
  });
}
