/**
 * CPU of each report projection's fold alone (issue #16.4), read cost out of
 * the picture: a slice of one partition of a SQLite file (positions ≤ `--to`)
 * read lean into memory once, then rounds of `partitionFold([spec]).apply`
 * per projection (and all five together). With `--before DIR` (a copy of an
 * older `packages/projections/src`), each round runs the older fold and this
 * one on the same events, alternating which goes first: an in-process A/B.
 * CPU µs per event (`process.cpuUsage()`, median of the rounds) and the load;
 * with `--before`, then whether both folds' snapshots are the same JSON text.
 *
 *   npx tsx --max-semi-space-size=64 packages/projections/bench/fold-cpu.bench.ts \
 *     [--db FILE] [--partition 0] [--partitions 2] [--to 3000000] [--rounds 5] [--only timeliness,tt01,…,all] [--before /tmp/old-src]
 */
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StoredEvent } from '@motcua/core';
import { readSqlitePartition } from '@motcua/store-sqlite';
import { partitionFold, REBUILD_COMMON_METADATA_KEYS, REBUILD_METADATA_KEYS_BY_TYPE, REBUILD_KINDS, type PartitionFold, type RebuildSpec } from '../src/index';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    partition: { type: 'string', default: '0' },
    partitions: { type: 'string', default: '2' },
    to: { type: 'string', default: '3000000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string', default: [...REBUILD_KINDS, 'all'].join(',') },
    before: { type: 'string' },
  },
});
const db = values.db ?? join(tmpdir(), 'motcua-rebuild-bench-x13.sqlite');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
type Fold = (specs: readonly RebuildSpec[]) => PartitionFold;
const folds: [string, Fold][] = [['after', partitionFold]];
if (values.before) {
  const older = (await import(resolve(values.before, 'rebuild/fold.ts'))) as { partitionFold: Fold };
  folds.unshift(['before', older.partitionFold]);
}
const events: StoredEvent[] = [];
for await (const batch of readSqlitePartition({
  filename: db,
  partition: Number(values.partition),
  partitions: Number(values.partitions),
  to: Number(values.to),
  batchSize: 5000,
  streamPrefix: 'dossier-',
  metadataKeys: REBUILD_COMMON_METADATA_KEYS,
  metadataKeysByType: REBUILD_METADATA_KEYS_BY_TYPE,
}))
  for (const event of batch) events.push(event);
console.log(`${events.length} events in memory (partition ${values.partition} of ${values.partitions}, positions ≤ ${values.to}); load ${load()}`);
const specsOf = (kind: string): RebuildSpec[] => (kind === 'all' ? REBUILD_KINDS.map((k) => ({ kind: k }) as RebuildSpec) : [{ kind } as RebuildSpec]);
const kinds = values.only.split(',');
const cpu = new Map<string, number[]>();
const run = (label: string, fold: Fold, kind: string): void => {
  (globalThis as { gc?: () => void }).gc?.();
  const partition = fold(specsOf(kind));
  const before = process.cpuUsage();
  for (let i = 0; i < events.length; i += 1000) partition.apply(events.slice(i, i + 1000));
  const used = process.cpuUsage(before);
  const key = `${kind} ${label}`;
  if (!cpu.has(key)) cpu.set(key, []);
  cpu.get(key)!.push((used.user + used.system) / events.length);
};
for (let round = 0; round < Number(values.rounds); round++)
  for (const kind of kinds) {
    const order = round % 2 === 0 ? folds : [...folds].reverse();
    for (const [label, fold] of order) run(label, fold, kind);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [key, xs] of cpu) console.log(`${key.padEnd(22)} ${median(xs).toFixed(2)} µs CPU per event (median of ${xs.length}; all ${xs.map((x) => x.toFixed(2)).join(' ')})`);
console.log(`load ${load()}`);
if (folds.length === 2) {
  // The same events, the same snapshots: before and after must agree, projection by projection (JSON text).
  for (const kind of REBUILD_KINDS) {
    const [a, b] = folds.map(([, fold]) => {
      const partition = fold(specsOf(kind));
      for (let i = 0; i < events.length; i += 1000) partition.apply(events.slice(i, i + 1000));
      return JSON.stringify(partition.snapshots()[0]);
    });
    console.log(`${kind.padEnd(14)} snapshots ${a === b ? 'identical' : 'DIFFER'} (${a!.length} characters)`);
  }
}
