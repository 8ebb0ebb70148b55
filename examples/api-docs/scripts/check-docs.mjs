// Converts every package's public API with TypeDoc (the same options as `pnpm docs`) and prints,
// as JSON, what TypeDoc's validation finds: exports and public members without a doc comment,
// `{@link}`s that resolve to nothing, and types used by the API but not exported.
// `src/api-docs.test.ts` runs it; run it yourself with `node scripts/check-docs.mjs`.
// Given file arguments, it checks those entry points instead (the test's own fixture).
import { readFileSync } from 'node:fs';
import { Application, Logger, ReflectionKind } from 'typedoc';

const here = new URL('..', import.meta.url);
const options = JSON.parse(readFileSync(new URL('typedoc.json', here), 'utf8'));
delete options.$schema;
const entries = process.argv.slice(2);
if (entries.length > 0) {
  options.entryPoints = entries;
  options.packagesRequiringDocumentation = ['@fluxgate/api-docs'];
  options.alwaysCreateEntryPointModule = true;
}

const UNDOCUMENTED = /^(\S+) \((\w+)\), defined in (\S+), does not have any documentation$/;
const found = { undocumented: [], otherWarnings: [], errors: [] };

class CollectingLogger extends Logger {
  log(message, level) {
    super.log(message, level);
    if (level === 3) found.errors.push(message);
    if (level !== 2) return;
    const match = UNDOCUMENTED.exec(message);
    if (match) {
      const [, name, kind, file] = match;
      found.undocumented.push({ name, kind, file, member: !exported.has(name) });
    } else if (!message.startsWith('Found ')) {
      found.otherWarnings.push(message);
    }
  }
}

process.chdir(new URL('.', here).pathname);
const app = await Application.bootstrapWithPlugins({ ...options, logLevel: 'Warn' });
app.logger = new CollectingLogger();
const project = await app.convert();
/** Full names of the exports themselves (`@fluxgate/core.CircuitBreaker`), not their members. */
const exported = new Set();
if (project) {
  const modules = project.getChildrenByKind(ReflectionKind.Module);
  for (const parent of modules.length > 0 ? modules : [project]) {
    for (const child of parent.children ?? []) exported.add(child.getFriendlyFullName());
  }
  app.validate(project);
} else found.errors.push('TypeDoc could not convert the project');
process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
