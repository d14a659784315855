/**
 * Benchmark of `rebuildProjections` (issue #16.4) on a province simulation's SQLite file.
 *
 *   npx tsx --max-semi-space-size=64 packages/projections/bench/rebuild.bench.ts [--scale gia-lam|lang-son] [--workers N] [--db FILE]
 *
 * The file is built once with the simulation's own CLI (`pnpm demo --db …`,
 * default scale gia-lam: ~74,000 dossiers) and cached in the temp folder
 * (`motcua-rebuild-bench-<scale>.sqlite`; delete it after a storage format
 * change). Each figure runs in its own child process, so its peak RSS
 * (`process.resourceUsage().maxRSS`: the whole process, worker threads
 * included) is its own:
 *   1. raw read: `readBatches` over the whole log, nothing applied (the baseline);
 *   2. the rebuild of every report projection: one reader folding in its own
 *      thread (`--one-reader --workers 0`, the path before partitioned reads),
 *      then the partitioned lean read (`sqlitePartitionSource`) with 0 workers
 *      (this thread reads and folds) and N workers (default: the cores, each
 *      reading its own partition), checkpoints saved.
 * `--db FILE` measures another file, e.g. one made by `scale-file.ts`.
 * Printed: seconds, events/s, the ratio to the raw read, peak RSS, and the
 * load average before and after (the machine is shared).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const { values } = parseArgs({ options: { scale: { type: 'string', default: 'gia-lam' }, workers: { type: 'string' }, db: { type: 'string' }, child: { type: 'string' } } });

if (values.child === 'read') {
  // Child: the raw read of the log (the baseline), as the rebuild reads it.
  const { createSqliteEventStore } = await import('@motcua/store-sqlite');
  const store = await createSqliteEventStore({ filename: values.db!, cacheSizeKiB: 65_536 });
  const started = performance.now();
  let events = 0;
  for await (const batch of store.readBatches({ after: 0, batchSize: 5000 })) events += batch.length;
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  process.stdout.write(`${JSON.stringify({ events, seconds, eventsPerSecond: Math.round(events / seconds), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  process.exit(0);
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const db = values.db ?? join(tmpdir(), `motcua-rebuild-bench-${values.scale}.sqlite`);
if (!existsSync(db)) {
  const building = `${db}.building-${process.pid}`;
  console.log(`building ${db} with the province simulation (--scale ${values.scale}); cached for the next runs`);
  const built = spawnSync(tsx, ['--max-semi-space-size=64', 'examples/province-simulation/src/main.ts', '--db', building, '--scale', values.scale!], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) {
    rmSync(building, { force: true });
    throw new Error(`the simulation failed (exit ${built.status})`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, db);
}

interface Figure {
  events: number;
  /** The rebuild's head position: the log's events (SQLite positions have no gaps), read or left out by type. */
  head?: number;
  seconds: number;
  eventsPerSecond: number;
  peakRssMB: number;
}
const child = (args: string[]): Figure => {
  const run = spawnSync(tsx, ['--max-semi-space-size=64', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${run.status})`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Figure;
};

const workers = Number(values.workers ?? availableParallelism());
console.log(`rebuild benchmark on ${db}; ${availableParallelism()} cores; load average before: ${load()}`);
const raw = child([join('packages', 'projections', 'bench', 'rebuild.bench.ts'), '--child', 'read', '--db', db]);
const rows: [string, Figure][] = [['raw read (readBatches, nothing applied)', raw]];
rows.push([
  'rebuild, every report projection, one reader folding in its thread (`--one-reader --workers 0`)',
  child(['scripts/rebuild.ts', '--db', db, '--one-reader', '--workers', '0', '--json']),
]);
for (const n of [...new Set([0, workers])]) {
  rows.push([
    `rebuild, every report projection, partitioned lean read, ${n === 0 ? 'in this thread (`--workers 0`)' : `${n} worker${n > 1 ? 's' : ''} each reading its partition`}`,
    child(['scripts/rebuild.ts', '--db', db, '--workers', String(n), '--json']),
  ]);
}
// Events of the whole log per second: a partitioned rebuild does not even read the events of types no report applies.
const logRate = (figure: Figure): number => Math.round((figure.head ?? figure.events) / figure.seconds);
console.log(`\n${raw.events.toLocaleString('en')} events`);
console.log('| run | seconds | events/s | × raw read | peak RSS (MB) |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, figure] of rows)
  console.log(`| ${name} | ${figure.seconds.toFixed(2)} | ${logRate(figure).toLocaleString('en')} | ${(logRate(figure) / raw.eventsPerSecond).toFixed(2)} | ${figure.peakRssMB} |`);
console.log(`load average after: ${load()}`);
