import base from '../jest.base.js';

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
};
