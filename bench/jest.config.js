import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import base from '../jest.base.js';

const packages = join(dirname(fileURLToPath(import.meta.url)), '../packages');

// The bench is plain ESM JavaScript: compile it to CommonJS like the TypeScript tests, so the
// test can run the harness in-process against @fluxgate/core's sources (mapped by the base).
/** @type {import('jest').Config} */
export default {
  ...base,
  transform: {
    ...base.transform,
    '^.+\\.js$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // The listener packages resolve to their sources too, like core in the base config.
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^@fluxgate/(listener-log|listener-prometheus)$': join(packages, '$1/src/index.ts'),
  },
};
