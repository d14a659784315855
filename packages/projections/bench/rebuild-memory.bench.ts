/**
 * How much heap each report projection's live state holds after folding a
 * whole log (issue #16.4, rebuild ≤ 1 GB): one projection at a time, in one
 * thread, lean partition read, then a forced full GC and `heapUsed` before
 * and after dropping the state; also the size of its snapshot's JSON and its
 * tracker's record counts.
 *
 *   npx tsx --expose-gc --max-semi-space-size=64 packages/projections/bench/rebuild-memory.bench.ts [--db FILE] [--only timeliness,tt01]
 */
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSqliteEventStore, readSqlitePartition } from '@motcua/store-sqlite';
import { partitionFold, REBUILD_KINDS, REBUILD_METADATA_KEYS, type RebuildSpec } from '@motcua/projections';

const { values } = parseArgs({ options: { db: { type: 'string' }, only: { type: 'string' }, together: { type: 'boolean' } } });
const db = values.db ?? join(tmpdir(), 'motcua-rebuild-bench-gia-lam.sqlite');
const kinds = values.only ? values.only.split(',') : [...REBUILD_KINDS];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const store = await createSqliteEventStore({ filename: db });
const head = await store.headPosition();
await store.close();
console.log(
  `${db}: head ${head}, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
if (values.together) {
  const before = heap();
  const fold = partitionFold(kinds.map((kind) => ({ kind }) as RebuildSpec));
  const t0 = performance.now();
  for await (const batch of readSqlitePartition({ filename: db, partition: 0, partitions: 1, after: 0, to: head, batchSize: 5000, metadataKeys: REBUILD_METADATA_KEYS }))
    fold.apply(batch);
  const foldS = (performance.now() - t0) / 1000;
  console.log(`all together: live state ${(heap() - before).toFixed(1)} MB (read+fold ${foldS.toFixed(1)} s), rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  for (let index = kinds.length - 1; index >= 0; index--) {
    const was = heap();
    fold.take(index);
    console.log(`  ${kinds[index]!.padEnd(14)} ${(was - heap()).toFixed(1)} MB released`);
  }
  process.exit(0);
}
for (const kind of kinds) {
  const before = heap();
  const fold = partitionFold([{ kind } as RebuildSpec]);
  const t0 = performance.now();
  for await (const batch of readSqlitePartition({ filename: db, partition: 0, partitions: 1, after: 0, to: head, batchSize: 5000, metadataKeys: REBUILD_METADATA_KEYS }))
    fold.apply(batch);
  const foldS = (performance.now() - t0) / 1000;
  const live = heap() - before;
  const snapshot = fold.take(0) as Record<string, unknown>;
  const tracker = (snapshot.t ?? snapshot) as { open?: unknown[]; tail?: unknown[] };
  const json = JSON.stringify(snapshot).length / 2 ** 20;
  console.log(
    `${kind.padEnd(14)} live state ${live.toFixed(1).padStart(7)} MB  snapshot JSON ${json.toFixed(1).padStart(7)} MB  open ${tracker.open?.length ?? '-'} tail ${tracker.tail?.length ?? '-'}  (read+fold ${foldS.toFixed(1)} s)`,
  );
}
