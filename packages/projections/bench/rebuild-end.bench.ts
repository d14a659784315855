/**
 * The end phase of a rebuild with reading workers (issue #16.4, session 9):
 * one rebuild (`save: false`, `keep: false`, as `pnpm run rebuild --no-save`),
 * printing its timings, the CPU time of the whole process (every thread)
 * from the end of the read to the end, and the RSS around it:
 *
 *   npx tsx packages/projections/bench/rebuild-end.bench.ts [--db FILE] [--workers 2] [--only kind,…] [--impl DIR] [--young MB] [--heap MB]
 *
 * `--impl DIR` runs another copy of `src/rebuild` (e.g. the previous commit's,
 * its `../` imports pointed at `src/`) for an A/B comparison: run both
 * variants in turn, alternating, one process each (peak RSS is per process),
 * and compare CPU, which the machine's load (printed) moves less than wall time.
 * One JSON line on stdout.
 */
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createSqliteEventStore, sqlitePartitionSource } from '@motcua/store-sqlite';
import { REBUILD_KINDS, type RebuildOptions, type RebuildProgress, type RebuildResult, type RebuildSpec } from '@motcua/projections';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    workers: { type: 'string', default: '2' },
    only: { type: 'string' },
    impl: { type: 'string' },
    young: { type: 'string' },
    heap: { type: 'string' },
  },
});
const db = values.db ?? join(tmpdir(), 'motcua-rebuild-bench-x13.sqlite');
const kinds = values.only ? values.only.split(',') : [...REBUILD_KINDS];
const module = values.impl ? pathToFileURL(join(resolve(values.impl), 'rebuild.ts')).href : '../src/rebuild/rebuild';
const { rebuildProjections } = (await import(module)) as { rebuildProjections: (options: RebuildOptions) => Promise<RebuildResult> };

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const loadBefore = load();
const store = await createSqliteEventStore({ filename: db, cacheSizeKiB: 65_536 });
let atMerge: { cpu: NodeJS.CpuUsage; rssMB: number; peakMB: number } | undefined;
try {
  const result = await rebuildProjections({
    log: store,
    projections: kinds.map((kind) => ({ kind }) as RebuildSpec),
    workers: Number(values.workers),
    source: sqlitePartitionSource(db),
    save: false,
    keep: false,
    ...(values.young ? { workerYoungMb: Number(values.young) } : {}),
    ...(values.heap ? { workerHeapMb: Number(values.heap) } : {}),
    onProgress: (progress: RebuildProgress) => {
      if (progress.phase === 'merge' && !atMerge)
        atMerge = { cpu: process.cpuUsage(), rssMB: Math.round(process.memoryUsage.rss() / 2 ** 20), peakMB: Math.round(process.resourceUsage().maxRSS / 1024) };
    },
  });
  const cpu = process.cpuUsage(atMerge!.cpu);
  process.stdout.write(
    `${JSON.stringify({
      impl: values.impl ?? 'src/rebuild',
      only: values.only ?? 'all',
      young: values.young ?? 'default',
      heap: values.heap ?? 'default',
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      events: result.events,
      foldMs: Math.round(result.timings.foldMs),
      mergeMs: Math.round(result.timings.mergeMs),
      endCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      rssAtMergeMB: atMerge!.rssMB,
      peakBeforeMergeMB: atMerge!.peakMB,
      peakMB: Math.round(process.resourceUsage().maxRSS / 1024),
      load: `${loadBefore} → ${load()}`,
    })}\n`,
  );
} finally {
  await store.close();
}
