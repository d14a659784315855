/**
 * Start the report worker (see `report-worker.ts`) on a SQLite file and get
 * the report when the simulation is done.
 */
import { Worker } from 'node:worker_threads';
import type { ProvinceReport } from './report';
import type { ReportWorkerData } from './report-worker';
import { workerAnswer } from './worker-answer';

/** A running report worker. */
export interface ReportThread {
  /** Tell the worker the log ends at `head`; resolves with the report once it has projected up to there. */
  finish(head: number): Promise<ProvinceReport>;
  /** Stop the worker without a report (after a failed run). */
  stop(): Promise<void>;
}

/**
 * Start projecting `filename` on a second thread.
 * @example const thread = startReportThread({ filename, from, to }); const report = await thread.finish(await store.headPosition()); // once the run has written
 */
export function startReportThread(options: { filename: string; from: string; to: string; pollMs?: number }): ReportThread {
  const data: ReportWorkerData = { filename: options.filename, from: options.from, to: options.to, pollMs: options.pollMs ?? 500 };
  const worker = new Worker(new URL('./report-worker.mjs', import.meta.url), { workerData: data });
  const result = workerAnswer<ProvinceReport>(worker, 'report', 'report worker');
  return {
    async finish(head) {
      worker.postMessage({ head });
      try {
        return await result;
      } finally {
        await worker.terminate();
      }
    },
    async stop() {
      await worker.terminate();
    },
  };
}
