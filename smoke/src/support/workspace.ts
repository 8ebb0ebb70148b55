// What the smoke tests know about the workspace: its published packages (every non-private
// package under packages/, so a new package is covered without editing these tests) and the
// project's public repository, which every package's npm metadata must name.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(__dirname, '../../..');

/** The public repository every package's `repository`, `homepage` and `bugs` point into. */
export const REPOSITORY = 'https://github.com/fluxgate/fluxgate-ts';

/** A published package of the workspace. */
export interface PublishedPackage {
  /** Folder under packages/, e.g. `listener-log`. */
  readonly dir: string;
  /** npm name, e.g. `@fluxgate/listener-log`. */
  readonly name: string;
  /** The workspace manifest (before packing). */
  readonly manifest: Record<string, unknown>;
}

/** Every package under packages/ that is not private. */
export function publishedPackages(): PublishedPackage[] {
  return readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const manifest = readJson(join(ROOT, 'packages', entry.name, 'package.json'));
      if (manifest === null || manifest.private === true) return [];
      return [{ dir: entry.name, name: String(manifest.name), manifest }];
    });
}

/** Parses a JSON file; `null` when it does not exist. */
export function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
