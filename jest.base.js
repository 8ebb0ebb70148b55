// Shared jest settings: TypeScript through swc, tests beside the code, and workspace packages
// resolved to their sources so a package's tests never need another package built first.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@fluxgate/core$': join(root, 'packages/core/src/index.ts'),
    '^@fluxgate/core/(windows|trackers|trippers|retries|permits)$': join(
      root,
      'packages/core/src/$1/index.ts',
    ),
  },
  setupFilesAfterEnv: [join(root, 'scripts/jest-setup.cjs')],
};
