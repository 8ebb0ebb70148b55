// Starts fleet instances (child processes running fleet-instance.mjs) and talks to them.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface SignalMessage {
  readonly oldState: string;
  readonly newState: string;
  readonly origin: 'local' | 'fleet';
  readonly at: number;
}

export interface RunResult {
  ok: number;
  failed: number;
  rejected: number;
  other: string[];
  maxLatencyMs: number;
  probes: [number, number][];
}

export interface InstanceConfig {
  readonly port: number;
  readonly circuit: string;
  readonly minRequests: number;
  readonly cooldownMs: number;
  readonly maxProbes: number;
}

/** One instance of the fleet, in its own process (stopped by pid in {@link stop}). */
export class FleetProcess {
  readonly signals: SignalMessage[] = [];
  readonly faults: { name: string; message: string }[] = [];
  private readonly child: ChildProcess;
  private readonly waiting = new Map<
    number,
    (message: { value?: unknown; error?: string }) => void
  >();
  private ids = 0;
  readonly ready: Promise<void>;

  constructor(config: InstanceConfig) {
    this.child = fork(join(__dirname, 'fleet-instance.mjs'), [], {
      env: {
        ...process.env,
        REDIS_PORT: String(config.port),
        CIRCUIT: config.circuit,
        MIN_REQUESTS: String(config.minRequests),
        COOLDOWN_MS: String(config.cooldownMs),
        MAX_PROBES: String(config.maxProbes),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`fleet instance exited with ${code}`)));
      this.child.on(
        'message',
        (message: { type: string; id?: number } & Record<string, unknown>) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'signal')
            this.signals.push(message as unknown as SignalMessage);
          else if (message.type === 'fault') this.faults.push(message as never);
          else if (message.type === 'reply') {
            this.waiting.get(message.id!)?.(message as { value?: unknown; error?: string });
            this.waiting.delete(message.id!);
          }
        },
      );
    });
  }

  request<T>(cmd: string, args?: unknown): Promise<T> {
    const id = ++this.ids;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, (message) =>
        message.error === undefined
          ? resolve(message.value as T)
          : reject(new Error(message.error)),
      );
      this.child.send({ id, cmd, args });
    });
  }

  run(args: {
    calls: number;
    fail: boolean;
    holdMs?: number;
    gapMs?: number;
    concurrency?: number;
  }): Promise<RunResult> {
    return this.request('run', args);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.request('exit').catch(() => {}),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await exited;
  }
}

export { maxOverlap } from '@fluxgate/test-servers';
