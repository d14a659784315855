/**
 * Fold speed of the timeliness and TT 01 projections alone (issue #16.4):
 * the first `--keep` events of a SQLite file read lean into memory, then
 * rounds of each fold, interleaved; CPU µs per event (median) and the load.
 * Then two same-process before/after comparisons on the same events'
 * values, interleaved: interning a dossier's due date and time limit by
 * their JSON (`internValue`, before) or by their fields (`internDue`,
 * `internLimit`, after); and TT 01's ten `bump`s of one counter row
 * (before) against one look-up of the row and ten additions (after).
 *
 *   npx tsx --max-semi-space-size=64 packages/projections/bench/fold-speed.bench.ts [--db FILE] [--keep 200000] [--rounds 5] [--only timeliness,tt01]
 */
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StoredEvent } from '@motcua/core';
import { readSqlitePartition } from '@motcua/store-sqlite';
import { partitionFold, REBUILD_METADATA_KEYS, type RebuildSpec } from '@motcua/projections';
import { internDue, internLimit, internValue } from '../src/intern';
import { bump, type Counters } from '../src/tracker';

const { values } = parseArgs({
  options: { db: { type: 'string' }, keep: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '5' }, only: { type: 'string', default: 'timeliness,tt01' } },
});
const db = values.db ?? join(tmpdir(), 'motcua-rebuild-bench-gia-lam.sqlite');
const keep = Number(values.keep);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const events: StoredEvent[] = [];
for await (const batch of readSqlitePartition({
  filename: db,
  partition: 0,
  partitions: 1,
  after: 0,
  to: Number.MAX_SAFE_INTEGER,
  batchSize: 5000,
  metadataKeys: REBUILD_METADATA_KEYS,
})) {
  for (const event of batch) if (events.length < keep) events.push(event);
  if (events.length >= keep) break;
}
console.log(`${events.length} events in memory; load ${load()}`);
const kinds = values.only.split(',') as RebuildSpec['kind'][];
const cpu: Record<string, number[]> = Object.fromEntries(kinds.map((kind) => [kind, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const kind of kinds) {
    const fold = partitionFold([{ kind } as RebuildSpec]);
    const before = process.cpuUsage();
    for (let i = 0; i < events.length; i += 5000) fold.apply(events.slice(i, i + 5000));
    const used = process.cpuUsage(before);
    cpu[kind]!.push((used.user + used.system) / events.length);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const kind of kinds)
  console.log(`${kind.padEnd(12)} ${median(cpu[kind]!).toFixed(2)} µs CPU per event (median of ${cpu[kind]!.length}; all ${cpu[kind]!.map((x) => x.toFixed(2)).join(' ')})`);
console.log(`load ${load()}`);

// Same-process before/after, on the accepted dossiers' own values (each a distinct parsed object, as in the fold).
type Accepted = { limit: { unit: string; value?: number }; due: { date: string; at: string }; procedure: { code: string; version: string }; unit: { code: string } };
const accepted = events.filter((event) => event.type === 'DossierAccepted').map((event) => ({ data: event.data as Accepted, day: event.metadata.occurredAt.slice(0, 10) }));
const keys = accepted.map(({ data, day }) => `${day}|official|${data.procedure.code}|${data.procedure.version}|${data.unit.code}`);
const timed = (run: () => void): number => {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / accepted.length;
};
const pairs: Record<string, number[]> = { 'internValue (before)': [], 'internDue+internLimit (after)': [], '10 bumps (before)': [], 'one row look-up (after)': [] };
for (let round = 0; round < Number(values.rounds); round++) {
  pairs['internValue (before)']!.push(timed(() => accepted.forEach(({ data }) => (internValue(data.limit), internValue(data.due)))));
  pairs['internDue+internLimit (after)']!.push(timed(() => accepted.forEach(({ data }) => (internLimit(data.limit), internDue(data.due)))));
  const a: Counters = new Map();
  pairs['10 bumps (before)']!.push(
    timed(() =>
      keys.forEach((key) => {
        for (let i = 0; i < 10; i++) bump(a, key, 10, i, i);
      }),
    ),
  );
  const b: Counters = new Map();
  pairs['one row look-up (after)']!.push(
    timed(() =>
      keys.forEach((key) => {
        let row = b.get(key);
        if (!row) b.set(key, (row = new Array<number>(10).fill(0)));
        for (let i = 0; i < 10; i++) row[i]! += i;
      }),
    ),
  );
}
for (const [label, xs] of Object.entries(pairs))
  console.log(`${label.padEnd(30)} ${median(xs).toFixed(3)} µs CPU per accepted dossier (median of ${xs.length}; ${accepted.length} dossiers)`);
console.log(`load ${load()}`);
