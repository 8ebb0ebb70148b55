import { packageConfig } from '../../tsdown.base';

export default packageConfig({
  index: 'src/index.ts',
  windows: 'src/windows/index.ts',
  trackers: 'src/trackers/index.ts',
  trippers: 'src/trippers/index.ts',
  retries: 'src/retries/index.ts',
  permits: 'src/permits/index.ts',
});
