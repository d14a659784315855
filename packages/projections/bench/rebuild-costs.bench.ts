/**
 * Where a rebuild's time goes (issue #16.4), in one process, rounds
 * interleaved so that the machine's load hits every path alike:
 *
 *   npx tsx --max-semi-space-size=64 packages/projections/bench/rebuild-costs.bench.ts [--db FILE] [--rounds 3] [--keep 200000]
 *
 * 1. reading the whole log of a SQLite file (default: the rebuild bench's
 *    cached `gia-lam` simulation file): the bare SQL rows (nothing decoded),
 *    the store's `readBatches`, the partition reader with every metadata key,
 *    and the lean partition reader (only the keys the report projections read);
 * 2. the fold of each report projection alone over the first `--keep` events
 *    (held in memory, lean-decoded), and of all of them together.
 * Printed per path: wall seconds, CPU seconds of this process, events per
 * wall second and per CPU second (CPU time moves far less with the load), the
 * median of the rounds, and the load average before and after.
 */
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { StoredEvent } from '@motcua/core';
import { createSqliteEventStore, readSqlitePartition } from '@motcua/store-sqlite';
import { partitionFold, REBUILD_KINDS, REBUILD_METADATA_KEYS, type RebuildSpec } from '@motcua/projections';

const { values } = parseArgs({ options: { db: { type: 'string' }, rounds: { type: 'string', default: '3' }, keep: { type: 'string', default: '200000' } } });
const db = values.db ?? join(tmpdir(), 'motcua-rebuild-bench-gia-lam.sqlite');
const rounds = Number(values.rounds);
const keep = Number(values.keep);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface Sample {
  wall: number;
  cpu: number;
  events: number;
}
const measure = async (run: () => Promise<number> | number): Promise<Sample> => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const events = await run();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, events };
};

const bareRows = (): number => {
  const conn = new Database(db, { readonly: true });
  const select = conn
    .prepare(
      'SELECT e.position, s.name, e.version, e.type, e.data, e.meta FROM motcua_events e CROSS JOIN motcua_streams s ON s.id = e.stream_id WHERE e.position > ? ORDER BY e.position LIMIT 5000',
    )
    .raw(true);
  let after = 0;
  let events = 0;
  for (;;) {
    const rows = select.all(after) as [number][];
    if (rows.length === 0) break;
    events += rows.length;
    after = rows[rows.length - 1]![0];
  }
  conn.close();
  return events;
};
const storeRead = async (): Promise<number> => {
  const store = await createSqliteEventStore({ filename: db, cacheSizeKiB: 65_536 });
  let events = 0;
  for await (const batch of store.readBatches({ after: 0, batchSize: 5000 })) events += batch.length;
  await store.close();
  return events;
};
const partitionRead = async (lean: boolean, partitions = 1): Promise<number> => {
  let events = 0;
  for (let partition = 0; partition < partitions; partition++)
    for await (const batch of readSqlitePartition({ filename: db, partition, partitions, ...(lean ? { metadataKeys: REBUILD_METADATA_KEYS } : {}) })) events += batch.length;
  return events;
};

const kept: StoredEvent[] = [];
for await (const batch of readSqlitePartition({ filename: db, partition: 0, partitions: 1, metadataKeys: REBUILD_METADATA_KEYS })) {
  for (const event of batch) if (kept.length < keep) kept.push(event);
  if (kept.length >= keep) break;
}
const fold = (specs: RebuildSpec[]) => (): number => {
  const folding = partitionFold(specs);
  for (let i = 0; i < kept.length; i += 5000) folding.apply(kept.slice(i, i + 5000));
  folding.snapshots();
  return kept.length;
};

const paths: [string, () => Promise<number> | number][] = [
  ['read: bare SQL rows (joined stream name, nothing decoded)', bareRows],
  ['read: store readBatches (every field)', storeRead],
  ['read: partition reader, every metadata key', () => partitionRead(false)],
  [`read: partition reader, lean (${REBUILD_METADATA_KEYS.join(', ')})`, () => partitionRead(true)],
  ['read: lean, as 2 partitions one after the other (the scan paid twice)', () => partitionRead(true, 2)],
  ...REBUILD_KINDS.map((kind): [string, () => number] => [`fold ${kept.length} events: ${kind} alone`, fold([{ kind }])]),
  [`fold ${kept.length} events: every report projection`, fold(REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec))],
];
console.log(`rebuild costs on ${db}; load average before: ${load()}`);
const samples = new Map<string, Sample[]>(paths.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of paths) samples.get(name)!.push(await measure(run));
  console.log(`round ${round + 1}/${rounds} done, load ${load()}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('| path | events | wall s (median) | CPU s (median) | events/s wall | events per CPU-s | µs CPU per event |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, list] of samples) {
  const wall = median(list.map((s) => s.wall));
  const cpu = median(list.map((s) => s.cpu));
  const events = list[0]!.events;
  console.log(
    `| ${name} | ${events.toLocaleString('en')} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${Math.round(events / wall).toLocaleString('en')} | ${Math.round(events / cpu).toLocaleString('en')} | ${((cpu / events) * 1e6).toFixed(2)} |`,
  );
}
console.log(`load average after: ${load()}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
