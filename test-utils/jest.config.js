import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import base from '../jest.base.js';

const packages = join(dirname(fileURLToPath(import.meta.url)), '../packages');

// Listener packages resolve to their sources too, like core in the base config, so this suite
// never waits for a build (the child-process tests run the built packages on purpose).
export default {
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^@fluxgate/(listener-log|listener-prometheus|listener-slack)$': join(
      packages,
      '$1/src/index.ts',
    ),
  },
};
