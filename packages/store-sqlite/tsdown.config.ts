import { packageConfig } from '../../scripts/tsdown-package.ts';

export default packageConfig(import.meta.dirname);
