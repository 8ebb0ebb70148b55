/** The demo's command line. */
export interface DemoArgs {
  readonly fast: boolean;
  readonly seed: number;
  /** Where the timeline and summary.json go; default `out/` beside the demo's package.json. */
  readonly out: string | null;
  readonly help: boolean;
}

/** The `--help` text. */
export const USAGE = `Usage: pnpm demo [--fast] [--seed N] [--out DIR]

  --fast      the same story in about 5 s instead of 30 s (for CI)
  --seed N    another pseudo-random run (default 1): upstream errors, jitter, probe admission
  --out DIR   where to write timeline.svg and summary.json (default examples/demo/out)

Set SLACK_BOT_TOKEN and SLACK_CHANNEL_ID to post to a real Slack channel instead of the local
stand-in.`;

/** Parses `argv` (without node and the script); throws a TypeError naming a bad argument. */
export function parseArgs(argv: readonly string[]): DemoArgs {
  let fast = false;
  let seed = 1;
  let out: string | null = null;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--fast') fast = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--seed' || arg === '--out') {
      const value = argv[++i];
      if (value === undefined) throw new TypeError(`${arg} needs a value`);
      if (arg === '--out') out = value;
      else {
        seed = Number(value);
        if (!Number.isSafeInteger(seed))
          throw new TypeError(`--seed must be an integer, got ${value}`);
      }
    } else throw new TypeError(`unknown argument ${arg}`);
  }
  return { fast, seed, out, help };
}
