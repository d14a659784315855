/**
 * The reports, built on a second thread while the simulation runs: a reader
 * on the same SQLite file (WAL lets it read while the simulation writes)
 * follows the log as each group commit lands, so when the last command is
 * in, the projections are nearly done. The same pattern serves a province
 * that wants its dashboards off the thread that takes dossiers.
 *
 * Protocol: `workerData` names the file and the period; the parent posts
 * `{ head }` once it has written everything; the worker catches up to that
 * position and posts back `{ report }` (or `{ error }`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { vietnamCalendar } from '@motcua/calendar';
import { createProjectionRunner } from '@motcua/projections';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { simulationCatalog } from './catalog';
import { startMemoryProbe } from './memory-probe';
import { queryReport, reportProjection, type ReportState } from './report';

/** What the parent passes. */
export interface ReportWorkerData {
  filename: string;
  from: string;
  to: string;
  /** Poll the file for new commits this often (ms). */
  pollMs: number;
}

const input = workerData as ReportWorkerData;
const port = parentPort!;
let target: number | undefined;
port.on('message', (message: { head: number }) => {
  target = message.head;
});

try {
  const calendar = vietnamCalendar();
  const catalog = simulationCatalog();
  // A reader that follows the tail of the log: a small page cache is enough (it was 64 MiB; peak RSS of the demo).
  const store = await createSqliteEventStore({ filename: input.filename, cacheSizeKiB: 16_384 });
  // In memory only: this reader never writes to the simulation's file.
  const runner = createProjectionRunner({ store, projection: reportProjection(calendar), batchSize: 5000, persist: false });
  const stopProbe = startMemoryProbe('report', () => {
    const st = runner.state as ReportState;
    return {
      position: runner.position,
      tOpen: st.t.open.size,
      tTail: st.t.tail.size,
      cube: st.t.cube.size,
      intake: st.t.intake.size,
      sOpen: st.s.t.open.size,
      sTail: st.s.t.tail.size,
      sCounters: st.s.counters.size,
    };
  });
  for (;;) {
    const reached = await runner.catchUp();
    if (target !== undefined && reached >= target) break;
    if (target === undefined) await sleep(input.pollMs);
  }
  stopProbe();
  const report = queryReport(runner.state, { catalog, calendar, from: input.from, to: input.to });
  await store.close();
  port.postMessage({ report });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
