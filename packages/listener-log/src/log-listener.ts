import {
  checkOptions,
  describeValue,
  Listener,
  type Signal,
  type SignalOrigin,
  type State,
} from '@fluxgate/core';
import type { Logger } from 'winston';
import { defaultLogger } from './default-logger';
import { type LevelMap, resolveLevels } from './level-map';
import { guardTransports, transportFault } from './transport-guard';

/**
 * Options of {@link LogListener}.
 *
 * @example
 * ```ts
 * const options: LogListenerOptions = { name: 'payments', logger, levelMap: { open: 'error' } };
 * ```
 */
export interface LogListenerOptions {
  /** The circuit's name: the `circuit` field and the name in the message. Non-empty. */
  name: string;
  /**
   * The app's winston logger, used as it is: its transports, format, level and default metadata
   * apply, and the listener never adds transports to it. Default: {@link defaultLogger}.
   */
  logger?: Logger | undefined;
  /** Level per new state, any level of the logger. Default: `warn` for `open` and `forced_open`, `info` otherwise. */
  levelMap?: LevelMap | undefined;
}

const OPTION_NAMES = ['name', 'logger', 'levelMap'] as const;

/**
 * The winston entry written for one transition: `level` and `message` plus the structured
 * fields a `json()` format prints as they are.
 *
 * @example
 * ```ts
 * // {"circuit":"payments","failureRate":0.5,"level":"warn","message":"Circuit Breaker 'payments'
 * //  transitioned from CLOSED to OPEN","newState":"open","oldState":"closed","origin":"local",
 * //  "totalCount":10,"transitionAt":1714555800000}
 * const line = winston.format.printf((info) => `${info.circuit}: ${info.oldState} -> ${info.newState}`);
 * ```
 */
export interface TransitionLogEntry {
  /** The level from the level map for `newState`. */
  level: string;
  /** `Circuit Breaker '<name>' transitioned from <OLD> to <NEW>`, states upper-case. */
  message: string;
  /** The listener's `name`. */
  circuit: string;
  /** The state before the transition (lower case). */
  oldState: State;
  /** The state after the transition (lower case). */
  newState: State;
  /** The signal's `timestamp` (epoch ms); named so winston's `timestamp()` format cannot overwrite it. */
  transitionAt: number;
  /** The window's failure rate in [0, 1] just before the transition; `null` when it was empty. */
  failureRate: number | null;
  /** Calls recorded in the window just before the transition. */
  totalCount: number;
  /**
   * `'local'` when this instance made the transition, `'fleet'` when it adopted one another
   * instance sharing its store made (always `'local'` without a store). Every instance logs
   * the fleet's transitions; filter on `origin: 'local'` to see each one once.
   */
  origin: SignalOrigin;
}

function isLogger(value: unknown): value is Logger {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Logger).log === 'function' &&
    typeof (value as Logger).levels === 'object' &&
    (value as Logger).levels !== null
  );
}

/**
 * Writes one winston entry per state transition of a breaker:
 * `Circuit Breaker 'payments' transitioned from CLOSED to OPEN`, with the fields of
 * {@link TransitionLogEntry}. A sync listener, so it works with both `CircuitBreaker` and
 * `AsyncCircuitBreaker`; if the logger throws, the breaker reports it to `onListenerError`
 * and carries on.
 *
 * @example
 * ```ts
 * import { CircuitBreaker } from '@fluxgate/core';
 * import { LogListener } from '@fluxgate/listener-log';
 *
 * const breaker = new CircuitBreaker({ listeners: [new LogListener({ name: 'payments', logger })] });
 * ```
 */
export class LogListener extends Listener {
  /** The circuit's name, as given. */
  readonly name: string;
  private readonly logger: Logger | undefined;
  private readonly levels: Readonly<Record<State, string>>;

  /**
   * @throws TypeError when an option is unknown, `name` is not a non-empty string, `logger`
   *   is not a winston logger, or a level (given or default) is not one of the logger's levels.
   *
   * @example
   * ```ts
   * const listener = new LogListener({ name: 'payments', levelMap: { open: 'error' } });
   * ```
   */
  constructor(options: LogListenerOptions) {
    super();
    const { name, logger, levelMap } = checkOptions(
      'LogListener',
      'options',
      options,
      OPTION_NAMES,
      'an object',
    );
    if (typeof name !== 'string' || name.trim() === '') {
      throw new TypeError(
        `LogListener: name must be a non-empty string, got ${describeValue(name)}`,
      );
    }
    if (logger !== undefined && !isLogger(logger)) {
      throw new TypeError(
        `LogListener: logger must be a winston logger (with log() and levels), got ${describeValue(logger)}`,
      );
    }
    this.name = name;
    this.logger = logger;
    this.levels = resolveLevels(levelMap, (logger ?? defaultLogger()).levels);
  }

  /**
   * Logs the transition; called by the breaker. A transport that throws is reported (through
   * the breaker's `onListenerError`) on every entry it fails, and cannot wedge the logger.
   */
  notify(signal: Signal): void {
    const entry: TransitionLogEntry = {
      level: this.levels[signal.newState],
      message: `Circuit Breaker '${this.name}' transitioned from ${signal.oldState.toUpperCase()} to ${signal.newState.toUpperCase()}`,
      circuit: this.name,
      oldState: signal.oldState,
      newState: signal.newState,
      transitionAt: signal.timestamp,
      failureRate: signal.metrics.failureRate,
      totalCount: signal.metrics.totalCount,
      origin: signal.origin,
    };
    // Looked up on every transition: an app that closes winston's loggers gets a fresh one.
    const logger = this.logger ?? defaultLogger();
    guardTransports(logger);
    try {
      logger.log(entry);
    } catch (error) {
      throw transportFault(error);
    }
  }
}
