import { packageConfig } from '../../tsdown.base';

export default packageConfig({ index: 'src/index.ts' });
