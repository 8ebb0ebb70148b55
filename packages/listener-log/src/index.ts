export { DEFAULT_LOGGER_ID, defaultLogger } from './default-logger';
export type { LevelMap } from './level-map';
export type { LogListenerOptions, TransitionLogEntry } from './log-listener';
export { LogListener } from './log-listener';
