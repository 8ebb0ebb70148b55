// `pnpm version-packages`: `changeset version`, then one repair of the changelogs it wrote.
// changesets files every line about a dependency under "Patch Changes", even when the
// dependency forced a major release (a core major moves the listeners' peer range); the lines
// .changeset/changelog.cjs writes for such a dependency ("- Needs `<name>` ^X.0.0 …") are moved
// to "Major Changes", so the heading of a forced major says what it is.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const FORCED_MAJOR = /^- Needs `[^`]+` \^\d+\.0\.0 /;

/** Splits a changelog section's body into list items (an item keeps its indented lines). */
function items(body) {
  const out = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('- ')) out.push(line);
    else if (out.length > 0 && (line.startsWith('  ') || line === ''))
      out[out.length - 1] += `\n${line}`;
  }
  return out.map((item) => item.trimEnd());
}

/** The newest entry of `changelog` with forced-major lines moved under "Major Changes". */
function moveForcedMajors(changelog) {
  const start = changelog.indexOf('\n## ');
  if (start < 0) return changelog;
  const next = changelog.indexOf('\n## ', start + 1);
  const end = next < 0 ? changelog.length : next;
  const entry = changelog.slice(start + 1, end);
  const [heading, ...rest] = entry.split(/\n(?=### )/);
  const sections = new Map(
    rest.map((s) => [s.slice(4, s.indexOf('\n')), items(s.slice(s.indexOf('\n') + 1))]),
  );
  const patch = sections.get('Patch Changes') ?? [];
  const forced = patch.filter((item) => FORCED_MAJOR.test(item));
  if (forced.length === 0) return changelog;
  sections.set('Major Changes', [...(sections.get('Major Changes') ?? []), ...forced]);
  sections.set(
    'Patch Changes',
    patch.filter((item) => !forced.includes(item)),
  );
  const order = ['Major Changes', 'Minor Changes', 'Patch Changes'];
  const body = order
    .filter((name) => (sections.get(name) ?? []).length > 0)
    .map((name) => `### ${name}\n\n${sections.get(name).join('\n')}\n`);
  const fixed = [heading.trimEnd(), '', ...body].join('\n');
  return `${changelog.slice(0, start + 1)}${fixed}${next < 0 ? '' : '\n'}${changelog.slice(end + 1)}`;
}

const run = spawnSync('pnpm', ['exec', 'changeset', 'version'], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
for (const dir of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', dir, 'CHANGELOG.md');
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  const fixed = moveForcedMajors(text);
  if (fixed !== text) writeFileSync(file, fixed);
}
