import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import base from '../../jest.base.js';

const here = dirname(fileURLToPath(import.meta.url));

// The scrape comparison runs PrometheusListener from its sources, like core's, so these tests
// never need another package built first.
export default {
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^@fluxgate/listener-prometheus$': join(here, '../listener-prometheus/src/index.ts'),
  },
};
