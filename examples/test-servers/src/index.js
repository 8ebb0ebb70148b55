// Real servers on 127.0.0.1 for the tests, the demo and the bench: one copy of the launcher code
// (finding the binary, a free port, waiting for a child to exit), and redis-server itself.
const { spawn } = require('node:child_process');
const { accessSync, constants, mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { delimiter, join } = require('node:path');

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `$envVar` if set (and executable), else the first `name` on PATH; else why not. */
function findBinary(name, envVar, installHint) {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    return executable(fromEnv)
      ? { binary: fromEnv }
      : { binary: undefined, reason: `${envVar}=${fromEnv} is not an executable file` };
  }
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const binary = dirs.map((dir) => join(dir, name)).find(executable);
  if (binary !== undefined) return { binary };
  return {
    binary: undefined,
    reason: `no \`${name}\` binary on PATH (${installHint}, or set ${envVar})`,
  };
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort() {
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

/** Resolves true once `child` has exited, false if it is still running after `timeoutMs`. */
function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Sends `signal`, then SIGKILL if the child has not exited within 5 s. */
async function halt(child, signal) {
  child.kill(signal);
  if (!(await exited(child, 5000))) {
    child.kill('SIGKILL');
    await exited(child, 5000);
  }
}

/** The `redis-server` binary: `$REDIS_SERVER_BIN`, else the first on PATH; else why not. */
function findRedisServer() {
  return findBinary(
    'redis-server',
    'REDIS_SERVER_BIN',
    'apt-get install -y --no-install-recommends redis-server',
  );
}

/**
 * Starts redis-server on 127.0.0.1 on a free port, with no persistence and its working directory
 * in a temp dir, and waits until it accepts connections. `DEBUG` is enabled for loopback
 * connections only (`DEBUG SLEEP` makes a slow server for the fault tests).
 */
async function startRedis(binary) {
  const dir = mkdtempSync(join(tmpdir(), 'fluxgate-redis-'));
  const port = await freePort();
  let child;
  let output = '';

  const launch = async () => {
    const proc = spawn(
      binary,
      [
        ...['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
        ...['--enable-debug-command', 'local'],
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start:\n${output}`)),
        20_000,
      );
      const keep = (chunk) => {
        output = (output + chunk.toString()).slice(-20_000);
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout.on('data', keep);
      proc.stderr.on('data', keep);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  };

  const stopChild = async (signal) => {
    const proc = child;
    child = undefined;
    if (proc !== undefined) await halt(proc, signal);
  };

  let stopped = false;
  const server = {
    host: '127.0.0.1',
    port,
    pid: () => child?.pid ?? -1,
    log: () => output,
    kill: () => stopChild('SIGKILL'),
    async restart() {
      await stopChild('SIGTERM');
      output = '';
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopChild('SIGTERM');
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

/**
 * The most of `intervals` ([start, end] pairs) in progress at once: how many probes a fleet had
 * in flight together. An interval ending at the instant another starts does not overlap it.
 */
function maxOverlap(intervals) {
  const edges = intervals.flatMap(([start, end]) => [
    [start, 1],
    [end, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let live = 0;
  let most = 0;
  for (const [, step] of edges) {
    live += step;
    most = Math.max(most, live);
  }
  return most;
}

/**
 * jest's \`describe\` with the binary when \`found\` has one; else \`describe.skip\` with the reason in
 * its title, and a warning. Chosen at load time, so jest reports the tests as skipped, never as
 * passed.
 */
function describeWithBinary(found, title, body) {
  if (found.binary === undefined) {
    console.warn(`SKIPPED: ${title} did not run: ${found.reason}`);
    describe.skip(`${title} (SKIPPED: ${found.reason})`, () => body(''));
    return;
  }
  const { binary } = found;
  describe(title, () => body(binary));
}

module.exports = {
  describeWithBinary,
  exited,
  findBinary,
  findRedisServer,
  freePort,
  halt,
  maxOverlap,
  startRedis,
};
