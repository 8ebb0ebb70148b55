// Runs a real redis-server for the tests: on 127.0.0.1, on a port that was free, with no
// persistence and its working directory in a temp dir; stopped (or killed, or restarted on the
// same port) by its pid.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `redis-server` binary: `$REDIS_SERVER_BIN`, else the first on PATH; else why not. */
export function findRedisServer(): { binary: string } | { binary: undefined; reason: string } {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv) {
    return executable(fromEnv)
      ? { binary: fromEnv }
      : { binary: undefined, reason: `REDIS_SERVER_BIN=${fromEnv} is not an executable file` };
  }
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const binary = dirs.map((dir) => join(dir, 'redis-server')).find(executable);
  if (binary !== undefined) return { binary };
  return {
    binary: undefined,
    reason:
      'no `redis-server` binary on PATH (apt-get install -y --no-install-recommends ' +
      'redis-server, or set REDIS_SERVER_BIN)',
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

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

/** Starts redis-server and waits until it accepts connections. */
export async function startRedis(binary: string): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fluxgate-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async () => {
    const proc = spawn(
      binary,
      [
        ...['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
        // DEBUG SLEEP makes a slow server for the fault tests (loopback connections only).
        ...['--enable-debug-command', 'local'],
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start:\n${output}`)),
        20_000,
      );
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-20_000);
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', keep);
      proc.stderr?.on('data', keep);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  };

  const halt = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (proc === undefined) return;
    proc.kill(signal);
    if (!(await exited(proc, 5000))) {
      proc.kill('SIGKILL');
      await exited(proc, 5000);
    }
  };

  let stopped = false;
  const server: RedisServer = {
    host: '127.0.0.1',
    port,
    pid: () => child?.pid ?? -1,
    log: () => output,
    kill: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGTERM');
      output = '';
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await launch();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
