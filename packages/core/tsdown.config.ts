import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    windows: 'src/windows/index.ts',
    trackers: 'src/trackers/index.ts',
    trippers: 'src/trippers/index.ts',
    retries: 'src/retries/index.ts',
    permits: 'src/permits/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  clean: true,
});
