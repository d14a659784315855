/**
 * The read phases of one rebuild worker (issue #16.4, session 8), in one
 * process, paths alternated round by round so the machine's load hits each alike:
 *
 *   npx tsx --max-semi-space-size=16 packages/projections/bench/rebuild-phases.bench.ts [--db FILE] [--to 1200000] [--rounds 3]
 *
 * Partition 0 of 2 of the log up to position `--to` (default: the x13 file's
 * first 1.2M positions), as a reading worker scans it (`stream_id % 2 = 0`):
 * the bare rows, + `JSON.parse` of the data, + of the meta array, the lean
 * partition reader at two batch sizes, and the lean read + every report
 * projection's fold. Printed: CPU µs per event of the partition (median of
 * the rounds) and the load average before and after.
 */
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readSqlitePartition } from '@motcua/store-sqlite';
import { partitionFold, REBUILD_KINDS, REBUILD_METADATA_KEYS, type RebuildSpec } from '@motcua/projections';

const { values } = parseArgs({
  options: { db: { type: 'string' }, to: { type: 'string', default: '1200000' }, rounds: { type: 'string', default: '3' }, only: { type: 'string' } },
});
const db = values.db ?? join(tmpdir(), 'motcua-rebuild-bench-x13.sqlite');
const to = Number(values.to);
const rounds = Number(values.rounds);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

const rowsPath =
  (parseData: boolean, parseMeta: boolean, size = 1000) =>
  (): number => {
    const conn = new Database(db, { readonly: true });
    const select = conn
      .prepare(
        'SELECT e.position, s.name, e.version, e.type, e.data, e.meta FROM motcua_events e CROSS JOIN motcua_streams s ON s.id = e.stream_id WHERE e.position > ? AND e.position <= ? AND e.stream_id % 2 = 0 ORDER BY e.position LIMIT ?',
      )
      .raw(true);
    let after = 0;
    let events = 0;
    let sink = 0;
    for (;;) {
      const rows = select.all(after, to, size) as [number, string, number, number, string, string][];
      if (rows.length === 0) break;
      for (const row of rows) {
        if (parseData) sink += JSON.parse(row[4]) === null ? 1 : 0;
        if (parseMeta) sink += JSON.parse(row[5]) === null ? 1 : 0;
      }
      events += rows.length;
      after = rows[rows.length - 1]![0];
    }
    conn.close();
    return events + sink;
  };

const leanPath =
  (batchSize: number, fold: boolean, metadataKeys: readonly string[] = REBUILD_METADATA_KEYS) =>
  async (): Promise<number> => {
    const folding = fold ? partitionFold(REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec)) : undefined;
    let events = 0;
    for await (const batch of readSqlitePartition({ filename: db, partition: 0, partitions: 2, to, batchSize, metadataKeys })) {
      folding?.apply(batch);
      events += batch.length;
    }
    return events;
  };

const paths: [string, () => Promise<number> | number][] = [
  ['bare rows (partition filter, batch 1000)', rowsPath(false, false)],
  ['bare rows + JSON.parse(data)', rowsPath(true, false)],
  ['bare rows + JSON.parse(data) + JSON.parse(meta)', rowsPath(true, true)],
  ['lean partition read, batch 5000', leanPath(5000, false)],
  ['lean partition read, batch 1000', leanPath(1000, false)],
  ['lean partition read, no metadata key, batch 1000', leanPath(1000, false, [])],
  ['lean read + fold of every report projection, batch 1000', leanPath(1000, true)],
];
const chosen = values.only ? paths.filter(([name]) => values.only!.split(',').some((word) => name.includes(word))) : paths;
console.log(`rebuild read phases on ${db}, partition 0 of 2 up to position ${to}; load average before: ${load()}`);
const samples = new Map<string, { cpu: number; events: number }[]>(chosen.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of round % 2 === 0 ? chosen : [...chosen].reverse()) {
    const cpu0 = process.cpuUsage();
    const events = await run();
    const cpu = process.cpuUsage(cpu0);
    samples.get(name)!.push({ cpu: (cpu.user + cpu.system) / 1e6, events });
  }
  console.log(`round ${round + 1}/${rounds} done, load ${load()}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('| path | events | CPU s (median) | µs CPU per event | rounds (µs) |');
console.log('|---|---:|---:|---:|---|');
for (const [name, list] of samples) {
  const events = list[0]!.events;
  const per = list.map((s) => ((s.cpu / events) * 1e6).toFixed(2));
  console.log(
    `| ${name} | ${events.toLocaleString('en')} | ${median(list.map((s) => s.cpu)).toFixed(2)} | ${((median(list.map((s) => s.cpu)) / events) * 1e6).toFixed(2)} | ${per.join(' · ')} |`,
  );
}
console.log(`load average after: ${load()}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
