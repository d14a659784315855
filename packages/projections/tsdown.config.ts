import { packageConfig } from '../../scripts/tsdown-package.ts';

// The rebuild's worker thread is its own entry (dist/rebuild/worker.js), found next to dist/index.js at run time (src/rebuild/threads.ts).
const config = packageConfig(import.meta.dirname);
export default { ...config, entry: { ...(config.entry as Record<string, string>), 'rebuild/worker': 'src/rebuild/worker.ts' } };
