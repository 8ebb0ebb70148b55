// `pnpm demo [--fleet] [--fast]`: see README.md beside this file.
import { fileURLToPath } from 'node:url';
import { findRedisServer } from '@fluxgate/test-servers';
import { parseArgs, USAGE } from './args';
import { type DemoIO, runDemo } from './demo';
import { runFleetDemo } from './fleet-demo';
import { fleetSettings } from './fleet-settings';
import { demoSettings } from './settings';
import { createStyle, wantsColour } from './style';

const write = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    write(USAGE);
    return 0;
  }
  const interrupt = new AbortController();
  const onSignal = () => {
    interrupt.abort();
    // A second Ctrl-C does not wait for the servers to close.
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const io: DemoIO = {
    write,
    style: createStyle(wantsColour(process.stdout)),
    env: process.env,
    outDir: args.out ?? fileURLToPath(new URL('../out/', import.meta.url)),
    signal: interrupt.signal,
  };
  let result: unknown;
  if (args.fleet) {
    const redis = findRedisServer();
    if (redis.binary === undefined) {
      write(`pnpm demo --fleet needs a redis-server and found none: ${redis.reason}.`);
      write('Nothing was run. (The plain `pnpm demo` needs no Redis.)');
      return 0;
    }
    result = await runFleetDemo(fleetSettings(args), redis.binary, io);
  } else {
    result = await runDemo(demoSettings(args), io);
  }
  if (result === null) {
    write('\nStopped: servers closed.');
    return 130;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; do not let a stray keep-alive socket hold the terminal.
    setTimeout(() => process.exit(code), 1_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `The demo failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
