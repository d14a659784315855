import { packageConfig } from '../../scripts/tsdown-package.ts';

// The bulk import's writing thread is its own entry (dist/import-writer.js, plain JavaScript), found next to
// dist/index.js at run time (src/import-thread.ts).
const config = packageConfig(import.meta.dirname);
export default { ...config, entry: { ...(config.entry as Record<string, string>), 'import-writer': 'src/import-writer.mjs' } };
