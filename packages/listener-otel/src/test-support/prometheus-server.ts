// A real Prometheus server for the end-to-end test: scrapes one target every second, runs on
// 127.0.0.1 with storage in a temp dir, answers instant queries, and is stopped by its pid.
// (listener-prometheus has its own launcher in its tests; it is not exported, so this small one
// stands on its own.)
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The `prometheus` binary (`$PROMETHEUS_BIN`, else the first on PATH), or why there is none. */
export function findPrometheus(): { binary: string } | { binary: undefined; reason: string } {
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const fromEnv = process.env.PROMETHEUS_BIN;
  if (fromEnv) {
    return executable(fromEnv)
      ? { binary: fromEnv }
      : { binary: undefined, reason: `PROMETHEUS_BIN=${fromEnv} is not an executable file` };
  }
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const binary = dirs.map((dir) => join(dir, 'prometheus')).find(executable);
  if (binary !== undefined) return { binary };
  return {
    binary: undefined,
    reason: 'no `prometheus` binary on PATH (apt-get install prometheus, or set PROMETHEUS_BIN)',
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address !== null && typeof address === 'object'
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Retries `probe` every 250 ms until it returns a value; a `fatal` error ends the wait. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal === true) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`gave up waiting for ${what}${cause}`);
}

/** One sample of an instant query. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export interface PrometheusServer {
  /** Runs an instant query; throws (fatally when Prometheus cannot parse it) on an error. */
  query(expr: string): Promise<Sample[]>;
  /** What the server printed, for failure messages. */
  log(): string;
  /** SIGTERM, then SIGKILL, by the child's pid; deletes the storage. Idempotent. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts Prometheus scraping `target` (host:port) every second and waits until it is ready. */
export async function startPrometheus(binary: string, target: string): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fluxgate-otel-prometheus-'));
  const config = `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: fluxgate\n    static_configs:\n      - targets: ['${target}']\n`;
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopped = false;
  const server: PrometheusServer = {
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        errorType?: string;
        data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== 'success') {
        const error = new Error(`query ${expr} failed: ${body.error}`);
        throw Object.assign(error, { fatal: body.errorType === 'bad_data' });
      }
      return body.data!.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    log: () => output,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
      await exited(child, 5000);
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGKILL');
        await exited(child, 5000);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await poll('Prometheus to be ready', async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    });
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return server;
}
