// The one build every published package uses: ESM and CommonJS for Node 20 with declarations.
// JS sourcemaps carry their sources (the tarballs ship no `src`), so stack traces and debuggers
// show the TypeScript. Declarations drop `@internal` members, so the API a user sees is the one
// the reference documents; no declaration maps, since they would point at unshipped sources.
import { defineConfig, type UserConfig } from 'tsdown';

/** The tsdown config of a package whose public entry points are `entry` (name → source file). */
export function packageConfig(entry: Record<string, string>): UserConfig {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: { sourcemap: false, compilerOptions: { stripInternal: true } },
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    clean: true,
  });
}
