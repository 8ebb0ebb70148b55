// The application's copy of @opentelemetry/api must be the one used: the API keeps its global
// MeterProvider per copy, so a private copy would record into a provider nobody reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bundleDependencies?: unknown;
  bundledDependencies?: unknown;
};

describe('package.json', () => {
  test('@opentelemetry/api is a peer dependency from 1.9, never a dependency', () => {
    expect(manifest.peerDependencies?.['@opentelemetry/api']).toBe('^1.9.0');
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      expect(Object.keys(manifest[field] ?? {})).not.toContain('@opentelemetry/api');
    }
    expect(manifest.bundleDependencies ?? manifest.bundledDependencies).toBeUndefined();
  });

  test("no runtime dependencies at all: the SDK and exporters are the application's choice", () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
  });
});
