import { packageConfig } from '../../scripts/tsdown-package.ts';

const config = packageConfig(import.meta.dirname);

// The bulk import's worker thread is its own entry (dist/import-worker.js), found next to the bundle at run time (src/import-pipeline.ts).
export default { ...config, entry: { ...(config.entry as Record<string, string>), 'import-worker': 'src/import-worker.ts' } };
