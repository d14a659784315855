// Entry of the import worker when running from the TypeScript sources (tsx, vitest): workers do not
// inherit the parent's loader hooks, so register tsx first, then load the worker itself.
// The built package (tsdown) runs dist/import-worker.js directly instead.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
