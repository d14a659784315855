/**
 * The one answer a demo worker thread posts when it is done (`{ [key]: value }`,
 * or `{ error }`), as a promise that also fails when the worker errs or exits
 * first. Used by the report thread and the portal-sync thread.
 */
import type { Worker } from 'node:worker_threads';

/**
 * Wait for `worker`'s answer under `key`. The promise is pre-observed (a run
 * that fails before asking leaves no unhandled rejection).
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * declare const worker: Worker;
 * const report = workerAnswer<{ total: number }>(worker, 'report', 'report worker');
 * ```
 */
export function workerAnswer<T>(worker: Worker, key: string, name: string): Promise<T> {
  const answer = new Promise<T>((resolve, reject) => {
    worker.once('message', (message: Record<string, unknown> & { error?: string }) =>
      message[key] !== undefined ? resolve(message[key] as T) : reject(new Error(`${name}: ${message.error}`)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${name} exited (code ${code}) before answering`)));
  });
  answer.catch(() => undefined);
  return answer;
}
