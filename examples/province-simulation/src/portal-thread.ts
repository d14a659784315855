/**
 * Start the portal-sync worker (see `portal-worker.ts`) on the demo's SQLite
 * file: the relay and the simulated portal run beside the simulation, not on
 * its thread.
 */
import { Worker } from 'node:worker_threads';
import type { PortalSyncOptions, PortalSyncSummary } from './portal-sync';
import { workerAnswer } from './worker-answer';

/** What the parent passes to the worker. */
export interface PortalWorkerData extends PortalSyncOptions {
  filename: string;
  /** Look for new commits this often (ms) when no wake-up comes. */
  pollMs: number;
}

/** A message from the parent to the worker. */
export type PortalWorkerRequest = { type: 'commit' } | { type: 'finish'; head: number; period: { from: string; to: string } };

/** A running portal-sync thread (same shape as the in-process sync). */
export interface PortalSyncThread {
  /** A group commit landed: deliver its updates now (returns at once; the worker reads the file). */
  pump(): Promise<void>;
  /** The log ends at `head`: catch up, drain, reconcile and stop; resolves with the summary. */
  finish(period: { from: string; to: string }, head: number): Promise<PortalSyncSummary>;
  /** Stop without draining (the run failed). */
  abort(): Promise<void>;
}

/**
 * Sync the SQLite file `filename` to a simulated portal on a second thread.
 * @example const sync = startPortalSyncThread({ filename, seed: 2021 }); await sync.pump(); const summary = await sync.finish({ from: '2020-12-16', to: '2021-05-31' }, await store.headPosition());
 */
export function startPortalSyncThread(options: PortalSyncOptions & { filename: string; pollMs?: number }): PortalSyncThread {
  const data: PortalWorkerData = { ...options, pollMs: options.pollMs ?? 100 };
  const worker = new Worker(new URL('./portal-worker.mjs', import.meta.url), { workerData: data });
  const result = workerAnswer<PortalSyncSummary>(worker, 'summary', 'portal sync worker');
  const post = (request: PortalWorkerRequest) => worker.postMessage(request);
  return {
    async pump() {
      post({ type: 'commit' });
    },
    async finish(period, head) {
      post({ type: 'finish', head, period });
      try {
        return await result;
      } finally {
        await worker.terminate();
      }
    },
    async abort() {
      await worker.terminate();
    },
  };
}
