// TypeDoc options for `pnpm run docs` and for the test that the API is documented. The
// reference has one module per import path, one file per module in entries/: adding a package
// (or a subpath) to the reference is adding one file there, e.g. entries/store-redis.ts with
//   /** @module @fluxgate/store-redis */
//   export * from '@fluxgate/store-redis';
// (tsconfig.json maps every `@fluxgate/<dir>` to packages/<dir>/src, so nothing is built).
import { readdirSync, readFileSync } from 'node:fs';

const packages = new URL('../../packages/', import.meta.url);
/** Every published package: each must document everything it exports. */
const published = readdirSync(packages)
  .map((dir) => JSON.parse(readFileSync(new URL(`${dir}/package.json`, packages), 'utf8')))
  .filter((manifest) => manifest.private !== true)
  .map((manifest) => manifest.name);

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'Fluxgate for TypeScript',
  // The root entry first, then the rest in file-name order.
  entryPoints: ['entries/core.ts', 'entries/!(core).ts'],
  sortEntryPoints: false,
  tsconfig: 'tsconfig.json',
  out: '../../docs/api',
  readme: 'api-index.md',
  excludePrivate: true,
  excludeInternal: true,
  excludeExternals: true,
  disableSources: true,
  sort: ['source-order'],
  // One flat list of import paths, not @fluxgate › core › core/windows.
  navigation: { includeFolders: false },
  packagesRequiringDocumentation: published,
  // Constructors are described by their class's comment.
  requiredToBeDocumented: [
    'Module',
    'Namespace',
    'Enum',
    'EnumMember',
    'Variable',
    'Function',
    'Class',
    'Interface',
    'Property',
    'Method',
    'Accessor',
    'TypeAlias',
  ],
  validation: { notExported: true, invalidLink: true, invalidPath: true, notDocumented: true },
  treatValidationWarningsAsErrors: true,
  treatWarningsAsErrors: true,
};
