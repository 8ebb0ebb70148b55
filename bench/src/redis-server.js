// A small redis-server launcher for the store-redis scenario: @fluxgate/store-redis's test
// harness is TypeScript, and the bench runs as plain JavaScript on Node 20, which cannot load it.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The redis-server binary: `$REDIS_SERVER_BIN`, else the first on PATH; undefined if none. */
export function findRedisServer() {
  const usable = (path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (process.env.REDIS_SERVER_BIN) {
    return usable(process.env.REDIS_SERVER_BIN) ? process.env.REDIS_SERVER_BIN : undefined;
  }
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.map((dir) => join(dir, 'redis-server')).find(usable);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on 127.0.0.1 on a free port in a temp dir; `stop()` ends it by pid. */
export async function startRedis(binary) {
  const dir = mkdtempSync(join(tmpdir(), 'fluxgate-bench-redis-'));
  const port = await freePort();
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      20_000,
    );
    const keep = (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    exited.then((code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  return {
    port,
    async stop() {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
