import type { ChildProcess } from 'node:child_process';

/** A binary found, or why there is none (for a skip message). */
export type FoundBinary = { binary: string } | { binary: undefined; reason: string };

/** `$envVar` if set (and executable), else the first `name` on PATH; else why not. */
export function findBinary(name: string, envVar: string, installHint: string): FoundBinary;
/**
 * jest's `describe` with the binary when `found` has one; else `describe.skip` with the reason in
 * its title, and a warning. Chosen at load time, so jest reports the tests as skipped, never as
 * passed.
 */
export function describeWithBinary(
  found: FoundBinary,
  title: string,
  body: (binary: string) => void,
): void;
/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number>;
/** Resolves true once `child` has exited, false if it is still running after `timeoutMs`. */
export function exited(child: ChildProcess, timeoutMs: number): Promise<boolean>;
/** Sends `signal`, then SIGKILL if the child has not exited within 5 s. */
export function halt(child: ChildProcess, signal: NodeJS.Signals): Promise<void>;

/** The `redis-server` binary: `$REDIS_SERVER_BIN`, else the first on PATH; else why not. */
export function findRedisServer(): FoundBinary;

/** A running redis-server. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** The current process id (changes on restart). */
  pid(): number;
  /** What the server printed, for failure messages. */
  log(): string;
  /** SIGKILL, as a crash would (the data is gone: no persistence). */
  kill(): Promise<void>;
  /** Starts a fresh server on the same port (after `kill` or `stop`). */
  restart(): Promise<void>;
  /** SIGTERM (then SIGKILL) and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** Starts redis-server on 127.0.0.1 on a free port in a temp dir and waits until it is ready. */
export function startRedis(binary: string): Promise<RedisServer>;

/**
 * The most of `intervals` ([start, end] pairs) in progress at once: how many probes a fleet had
 * in flight together. An interval ending at the instant another starts does not overlap it.
 */
export function maxOverlap(intervals: readonly (readonly [number, number])[]): number;
