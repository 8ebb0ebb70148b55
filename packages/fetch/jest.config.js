import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import base from '../../jest.base.js';

const packages = join(dirname(fileURLToPath(import.meta.url)), '..');

// The Prometheus listener used by the eviction tests resolves to its sources too, like core in
// the base config, so these tests never wait for a build.
export default {
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^@fluxgate/listener-prometheus$': join(packages, 'listener-prometheus/src/index.ts'),
  },
};
