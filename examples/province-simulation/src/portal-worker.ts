/**
 * The national-portal sync on its own thread: a reader on the demo's SQLite
 * file (WAL lets it read while the simulation writes) follows the committed
 * log with the outbox relay, and delivers to the simulated portal, which
 * also lives on this thread. The simulation's thread only pays for its own
 * commits (and one `postMessage` per group commit, a wake-up).
 *
 * Protocol: `workerData` names the file, the seed and the poll period; the
 * parent posts `{ type: 'commit' }` after each group commit (deliver now)
 * and `{ type: 'finish', head, period }` once it has written everything; the
 * worker catches up to `head`, drains, reconciles and posts back
 * `{ summary }` (or `{ error }`).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { startPortalSyncInProcess } from './portal-sync';
import type { PortalWorkerData, PortalWorkerRequest } from './portal-thread';

const input = workerData as PortalWorkerData;
const port = parentPort!;
let finish: Extract<PortalWorkerRequest, { type: 'finish' }> | undefined;
let wake: (() => void) | undefined;
port.on('message', (message: PortalWorkerRequest) => {
  if (message.type === 'finish') finish = message;
  wake?.();
});

/** Wait for a wake-up from the parent, at most `ms`. */
const nap = (ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake = undefined;
      resolve();
    }
    wake = done;
  });

try {
  // A reader that follows the tail of the log: a small page cache is enough.
  const store = await createSqliteEventStore({ filename: input.filename, cacheSizeKiB: 8_192 });
  const { filename: _file, pollMs: _poll, ...options } = input;
  const sync = await startPortalSyncInProcess(store, options);
  try {
    // MOTCUA_PORTAL_SYNC_HEAP=1 prints this thread's heap (its own V8 heap: the sync's memory) to stderr at the end.
    let peakHeap = 0;
    const sample = () => {
      peakHeap = Math.max(peakHeap, getHeapStatistics().total_heap_size);
    };
    while (finish === undefined) {
      await sync.pump();
      sample();
      if (finish === undefined) await nap(input.pollMs);
    }
    const { head, period } = finish;
    // Every write of the simulation is committed before it posts `finish`; a reader sees it at its next read.
    while ((await store.headPosition()) < head) await nap(5);
    const summary = await sync.finish(period);
    sample();
    if (process.env.MOTCUA_PORTAL_SYNC_HEAP === '1') {
      const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
      const { used_heap_size, total_heap_size } = getHeapStatistics();
      // A diagnostic only: a full GC (exposed at run time) to see what is live at the end.
      setFlagsFromString('--expose-gc');
      (runInNewContext('gc') as () => void)();
      const live = getHeapStatistics().used_heap_size;
      process.stderr.write(
        `portal sync thread heap: peak total ${mb(peakHeap)}, at the end used ${mb(used_heap_size)} of ${mb(total_heap_size)}, live after a full GC ${mb(live)}\n`,
      );
    }
    port.postMessage({ summary });
  } catch (error) {
    await sync.abort().catch(() => undefined);
    throw error;
  } finally {
    await store.close();
  }
} catch (error) {
  port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
