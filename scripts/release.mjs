// `pnpm release`: builds every package, runs every package check (publint, attw with every
// resolution profile), then publishes what changesets has versioned (`changeset publish` skips
// versions already on the registry). Run `pnpm changeset version` and commit before it.
// `--dry-run` runs the same steps but ends with `pnpm publish -r --dry-run`, which packs every
// package as it would be published and uploads nothing (smoke/src/release.test.ts runs it).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dryRun = process.argv.includes('--dry-run');
const env = { TURBO_TELEMETRY_DISABLED: '1', ...process.env };

function step(args) {
  console.log(`> pnpm ${args.join(' ')}`);
  const run = spawnSync('pnpm', args, { cwd: root, stdio: 'inherit', env });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

step(['exec', 'turbo', 'run', 'build', 'check:package', '--filter=./packages/*']);
step(
  dryRun
    ? ['publish', '-r', '--dry-run', '--no-git-checks', '--filter=./packages/*']
    : ['exec', 'changeset', 'publish'],
);
