/**
 * Where a rebuild's memory goes over time (issue #16.4, ≤ 1 GB): runs
 * `rebuildProjections` on a SQLite file with partitioned reads and prints,
 * every `--every` seconds and at each phase, the process RSS and this
 * thread's V8 heap (used / total) and external memory; the peak RSS at the end.
 *
 *   npx tsx --max-semi-space-size=64 packages/projections/bench/rebuild-rss.bench.ts --db FILE [--workers 2] [--every 5] [--worker-heap MB]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createSqliteEventStore, sqlitePartitionSource } from '@motcua/store-sqlite';
import { rebuildProjections } from '@motcua/projections';

const { values } = parseArgs({
  options: { db: { type: 'string' }, workers: { type: 'string', default: '2' }, every: { type: 'string', default: '5' }, 'worker-heap': { type: 'string' } },
});
if (!values.db) throw new Error('--db FILE');
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const started = performance.now();
const line = (label: string) => {
  const m = process.memoryUsage();
  console.log(
    `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${label.padEnd(8)} rss ${mb(m.rss)} MB  heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB  external ${mb(m.external)} MB  load ${loadavg()[0]!.toFixed(2)}`,
  );
};
const timer = setInterval(() => line('tick'), Number(values.every) * 1000);
const store = await createSqliteEventStore({ filename: values.db });
let phase = '';
const result = await rebuildProjections({
  log: store,
  workers: Number(values.workers),
  source: sqlitePartitionSource(values.db),
  save: false,
  ...(values['worker-heap'] ? { workerHeapMb: Number(values['worker-heap']) } : {}),
  onProgress: (progress) => {
    if (progress.phase !== phase) line((phase = progress.phase));
  },
});
clearInterval(timer);
line('end');
await store.close();
console.log(
  `${result.events} events, ${result.workers} workers; read+fold ${Math.round(result.timings.foldMs)} ms, merge ${Math.round(result.timings.mergeMs)} ms; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
);
