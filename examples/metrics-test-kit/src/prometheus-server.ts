// Runs a real Prometheus server for the end-to-end tests: finds the binary, writes a config that
// scrapes its targets every second, starts it on 127.0.0.1 with storage in a temp dir, queries
// its HTTP API and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBinary, findBinary, freePort, halt } from '@fluxgate/test-servers';

/**
 * The `prometheus` binary: `$PROMETHEUS_BIN`, else the first on PATH. When there is none,
 * `reason` says why, for the skip message.
 */
export function findPrometheus(): { binary: string } | { binary: undefined; reason: string } {
  return findBinary(
    'prometheus',
    'PROMETHEUS_BIN',
    'install the Debian package with apt-get install -y --no-install-recommends prometheus',
  );
}

export { freePort };

/**
 * Retries `probe` every `intervalMs` until it returns a value other than undefined. An error
 * with `fatal: true` (a query Prometheus cannot parse) ends the wait at once.
 */
export async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { attempts = 80, intervalMs = 250 } = {},
): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal === true) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`gave up waiting for ${what} after ${attempts} attempts${cause}`);
}

/** One sample of an instant query: its labels and value. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export interface PrometheusServer {
  readonly url: string;
  /** Runs an instant query; throws if Prometheus answers with an error. */
  query(expr: string): Promise<Sample[]>;
  /** What the server printed, for failure messages. */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL) and deletes its storage. Idempotent. */
  stop(): Promise<void>;
}

function config(targets: readonly string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: fluxgate',
    '    static_configs:',
    `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`,
    '',
  ].join('\n');
}

/**
 * Starts Prometheus scraping `targets` (host:port, one per instance of job `fluxgate`) every
 * second and waits until it is ready.
 */
export async function startPrometheus(
  binary: string,
  targets: string | readonly string[],
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fluxgate-prometheus-'));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    config(typeof targets === 'string' ? [targets] : targets),
  );
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
    url,
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
      await halt(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await poll('Prometheus to be ready', async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}`);
      const response = await fetch(`${url}/-/ready`);
      return response.ok ? true : undefined;
    });
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return server;
}

/**
 * `describe` with the Prometheus binary when there is one; else `describe.skip` with the reason
 * in its title and a warning. Chosen at load time, so jest reports the tests as skipped (never
 * as passed).
 */
export function describeWithPrometheus(title: string, body: (binary: string) => void): void {
  describeWithBinary(findPrometheus(), title, body);
}
