// Runs the demo as a user would, in a child process, for the tests that check what it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const packageDir = resolve(__dirname, '..');

/** A demo running in a child process. */
export interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>;
  readonly stdout: () => string;
}

/**
 * Starts `src/main.ts` with `args` in a child process (through tsx, without colours or real
 * Slack), as a user would; `extraEnv` adds variables.
 */
export function startDemo(args: string[], extraEnv: Record<string, string> = {}): Run {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: packageDir,
    env: { ...process.env, NO_COLOR: '1', SLACK_BOT_TOKEN: '', SLACK_CHANNEL_ID: '', ...extraEnv },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>(
    (done) =>
      child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started })),
  );
  return { child, exited, stdout: () => stdout };
}
