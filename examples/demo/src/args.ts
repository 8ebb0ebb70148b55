import { parseArgs as parseCommandLine } from 'node:util';

/** The demo's command line. */
export interface DemoArgs {
  readonly fast: boolean;
  /** Three instances sharing one circuit over a local redis-server (see fleet-demo.ts). */
  readonly fleet: boolean;
  readonly seed: number;
  /** Where the timeline and summary.json go; default `out/` beside the demo's package.json. */
  readonly out: string | null;
  readonly help: boolean;
}

/** The `--help` text. */
export const USAGE = `Usage: pnpm demo [--fleet] [--fast] [--seed N] [--out DIR]

  --fleet     three instances share one circuit over a local redis-server: one fleet trip,
              one alert, probes capped fleet-wide, and Redis killed and restarted mid-run
  --fast      the same story in a fraction of the time (for CI)
  --seed N    another pseudo-random run (default 1): upstream errors, jitter, probe admission
  --out DIR   where to write the summary (and the timeline) (default examples/demo/out)

Set SLACK_BOT_TOKEN and SLACK_CHANNEL_ID to post to a real Slack channel instead of the local
stand-in.`;

const OPTIONS = {
  fast: { type: 'boolean', default: false },
  fleet: { type: 'boolean', default: false },
  seed: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parse(args: string[]) {
  return parseCommandLine({ args, options: OPTIONS, strict: true, allowPositionals: false });
}

/**
 * Parses `argv` (without node and the script) with `node:util`'s `parseArgs`; throws a
 * TypeError naming a bad argument. A lone `--` (pnpm passes one through) is skipped.
 */
export function parseArgs(argv: readonly string[]): DemoArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv.filter((arg) => arg !== '--')).values;
  } catch (error) {
    throw new TypeError((error as Error).message);
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (values.seed !== undefined && (values.seed.trim() === '' || !Number.isSafeInteger(seed)))
    throw new TypeError(`--seed must be an integer, got ${values.seed}`);
  return {
    fast: values.fast,
    fleet: values.fleet,
    seed,
    out: values.out ?? null,
    help: values.help,
  };
}
