import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The fixtures directory: plain node scripts run as child processes. */
export const FIXTURES = join(__dirname, '../../fixtures');

/** What a child process did. */
export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock ms from spawn to exit. */
  readonly ms: number;
  /** Whether it had to be killed after `killAfterMs`. */
  readonly killed: boolean;
}

/**
 * Runs `node [nodeArgs] fixtures/<script> [args]` and resolves when it exits, killing it after
 * `killAfterMs` (then `killed` is true).
 *
 * @example
 * ```ts
 * const child = await runNode('exit-child.mjs', { killAfterMs: 15_000 });
 * expect(child.killed).toBe(false);
 * ```
 */
export function runNode(
  script: string,
  options: {
    nodeArgs?: string[];
    args?: string[];
    killAfterMs?: number;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<ChildResult> {
  const { nodeArgs = [], args = [], killAfterMs = 30_000, env } = options;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, join(FIXTURES, script), ...args], {
      cwd: FIXTURES,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, killed });
    });
  });
}

/**
 * The JSON lines a child printed on stdout, parsed.
 *
 * @example
 * ```ts
 * const [summary] = jsonLines(child.stdout);
 * ```
 */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Throws a clear error unless the workspace packages were built: the child processes run the
 * built packages, as an application would (`pnpm test` builds them first through turbo).
 *
 * @example
 * ```ts
 * requireBuiltPackages();
 * const child = await runNode('exit-child.mjs');
 * ```
 */
export function requireBuiltPackages(): void {
  const packages = join(__dirname, '../../../packages');
  for (const name of ['core', 'listener-log', 'listener-prometheus', 'listener-slack']) {
    if (!existsSync(join(packages, name, 'dist/index.mjs'))) {
      throw new Error(`packages/${name} is not built: run \`pnpm build\` first (pnpm test does)`);
    }
  }
}
