// The parent's handle on one fleet instance: a child process running fleet-instance.ts (through
// tsx, like the demo itself), its messages, and a stop that ends it by pid if it hangs.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InstanceConfig, InstanceMessage, ParentMessage } from './fleet-messages';

const ENTRY = fileURLToPath(new URL('./fleet-instance.ts', import.meta.url));

/** One running instance. */
export class InstanceProcess {
  readonly name: string;
  /** Resolves when the instance's breaker is built; rejects if it exits first. */
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stderr = '';

  constructor(config: InstanceConfig, onMessage: (message: InstanceMessage) => void) {
    this.name = config.name;
    this.child = fork(ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, FLUXGATE_FLEET_INSTANCE: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-10_000);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code, signal) =>
        reject(
          new Error(
            `instance ${this.name} exited (${code ?? signal}) before it was ready:\n${this.stderr}`,
          ),
        ),
      );
      this.child.on('message', (message: InstanceMessage) => {
        if (message.type === 'ready') resolve();
        else onMessage(message);
      });
    });
    // A failed start is reported by whoever awaits `ready`; an exit later is expected.
    this.ready.catch(() => {});
  }

  /** The process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the instance wrote to stderr (kept for failure messages). */
  get errors(): string {
    return this.stderr;
  }

  /** Sends a command; ignored once the instance is gone. */
  send(message: ParentMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  /**
   * Asks the instance to stop (it waits for its calls, Slack posts and batches) and waits up to
   * `graceMs` for it to exit; then ends it by pid. Idempotent.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ cmd: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    const timedOut = await Promise.race([this.exited.then(() => false), late]);
    clearTimeout(timer);
    if (timedOut && this.child.pid !== undefined) {
      process.kill(this.child.pid, 'SIGKILL');
      await this.exited;
    }
  }
}
