// Entry of the portal-sync worker thread: TypeScript loader first (workers do
// not inherit the parent's loader hooks), then the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./portal-worker.ts');
