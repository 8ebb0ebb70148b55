import { describeValue, STATES, type State } from '@fluxgate/core';

/**
 * Which logger level each new state is logged at. Any level of the logger the listener writes
 * to is accepted (npm levels by default: `error`, `warn`, `info`, `http`, `verbose`, `debug`,
 * `silly`). States left out keep their default level.
 *
 * @example
 * ```ts
 * const levelMap: LevelMap = { open: 'error', half_open: 'debug' };
 * ```
 */
export type LevelMap = { [S in State]?: string | undefined };

/** `warn` for transitions into `open` and `forced_open`, `info` for the others. */
const DEFAULT_LEVELS: Readonly<Record<State, string>> = Object.freeze({
  closed: 'info',
  open: 'warn',
  half_open: 'info',
  metrics_only: 'info',
  disabled: 'info',
  forced_open: 'warn',
});

const OWNER = 'LogListener';

/**
 * Merges `override` over the defaults and checks every resulting level against the levels of
 * the logger that will receive the entries. Throws a TypeError naming the level and the
 * logger's levels, so a typo fails at construction instead of producing a line winston drops.
 */
export function resolveLevels(
  override: unknown,
  loggerLevels: Readonly<Record<string, number>>,
): Readonly<Record<State, string>> {
  const known = Object.keys(loggerLevels);
  const levels: Record<State, string> = { ...DEFAULT_LEVELS };
  if (override !== undefined) {
    if (typeof override !== 'object' || override === null || Array.isArray(override)) {
      throw new TypeError(
        `${OWNER}: levelMap must be an object of state -> level, got ${describeValue(override)}`,
      );
    }
    for (const [state, level] of Object.entries(override)) {
      if (!(STATES as readonly string[]).includes(state)) {
        throw new TypeError(
          `${OWNER}: levelMap keys must be states (${STATES.join(', ')}), got ${describeValue(state)}`,
        );
      }
      if (level === undefined) continue;
      if (typeof level !== 'string' || !Object.hasOwn(loggerLevels, level)) {
        throw new TypeError(
          `${OWNER}: levelMap.${state} must be one of the logger's levels ` +
            `(${known.join(', ')}), got ${describeValue(level)}`,
        );
      }
      levels[state as State] = level;
    }
  }
  for (const state of STATES) {
    const level = levels[state];
    if (!Object.hasOwn(loggerLevels, level)) {
      throw new TypeError(
        `${OWNER}: levelMap.${state} must be one of the logger's levels (${known.join(', ')}), ` +
          `got the default ${describeValue(level)}, which this logger does not have; set levelMap.${state}`,
      );
    }
  }
  return Object.freeze(levels);
}
