/**
 * `pnpm run rebuild --db <file.sqlite> | --pg <postgres-url> [--schema motcua] [--workers N] [--batch N] [--only timeliness,tt01,…] [--rule-packs packs.json] [--one-reader] [--worker-heap MB] [--worker-young MB] [--no-save] [--json]`
 *
 * Rebuild every report projection (or those named by `--only`) from the
 * whole log on N worker threads (default: the cores), merge, and save their
 * checkpoints in the store's projection table; a progress bar on stderr, a
 * summary on stdout (`--json`: one JSON object). Exit 2 on bad arguments.
 * The checkpoints are those of the corrected view (docs/security.md), what a
 * runner over `correctedLog(store)` builds: the rebuild reads the corrections
 * (`EventCorrected`) first and applies them to every event it folds, on every
 * path (partitioned or `--one-reader`), so the store is given as it is.
 * On a SQLite file each worker reads its own partition of the log on its own
 * read-only connection (`sqlitePartitionSource`); `--one-reader` reads in this
 * thread and deals the events to the workers instead (what `--pg` does).
 * With reading workers the merge runs in the workers, each projection in its
 * owner (`exchange.ts`). `--worker-heap` and `--worker-young` set each reading
 * worker's old and young generation (MB; defaults 256 and 96).
 * `--rule-packs` names a JSON file holding the catalog's rule packs (an array
 * of `RulePack`, what `catalog.rulePacks` holds): the timeliness and reception
 * projections count with them, as the application's projections built with
 * `{ rulePacks: catalog.rulePacks }` do, so the checkpoints saved are theirs
 * (default: the bundled packs). A file that is not such an array: exit 2,
 * each issue with its path.
 */
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { type EventStore, MotcuaError, type RulePack, rulePackSchema } from '@motcua/core';
import { type PartitionSource, progressBar, REBUILD_KINDS, rebuildProjections, type RebuildSpec } from '@motcua/projections';

const usage =
  'usage: pnpm run rebuild --db <file.sqlite> | --pg <postgres-url> [--schema motcua] [--workers N] [--batch N] [--only kind,…] [--rule-packs packs.json] [--one-reader] [--worker-heap MB] [--worker-young MB] [--no-save] [--json]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      db: { type: 'string' },
      pg: { type: 'string' },
      schema: { type: 'string' },
      workers: { type: 'string' },
      batch: { type: 'string' },
      only: { type: 'string' },
      'rule-packs': { type: 'string' },
      'no-save': { type: 'boolean' },
      'one-reader': { type: 'boolean' },
      'worker-heap': { type: 'string' },
      'worker-young': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\nkinds: ${REBUILD_KINDS.join(', ')}\n`);
  process.exit(0);
}
if ((values.db === undefined) === (values.pg === undefined)) fail('give exactly one of --db and --pg');
const count = (text: string | undefined, name: string, min: number): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) fail(`--${name} must be an integer ≥ ${min}`);
  return value;
};
const workers = count(values.workers, 'workers', 0) ?? availableParallelism();
const batchSize = count(values.batch, 'batch', 1);
const workerHeapMb = count(values['worker-heap'], 'worker-heap', 16);
const workerYoungMb = count(values['worker-young'], 'worker-young', 1);
const kinds = values.only === undefined ? [...REBUILD_KINDS] : values.only.split(',').map((kind) => kind.trim());
for (const kind of kinds) if (!(REBUILD_KINDS as readonly string[]).includes(kind)) fail(`unknown projection ${kind} (kinds: ${REBUILD_KINDS.join(', ')})`);
const rulePacks = values['rule-packs'] === undefined ? undefined : await readRulePacks(values['rule-packs']);
const projections = kinds.map((kind) => ({ kind, ...(rulePacks && (kind === 'timeliness' || kind === 'reception') ? { options: { rulePacks } } : {}) }) as RebuildSpec);

/** The rule packs of a JSON file (an array of `RulePack`), or exit 2 naming what is wrong. */
async function readRulePacks(file: string): Promise<RulePack[]> {
  const { readFileSync } = await import('node:fs');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`--rule-packs ${file}: ${(error as Error).message}`);
  }
  const parsed = rulePackSchema.array().min(1).safeParse(json);
  if (!parsed.success) fail(`--rule-packs ${file}: ${parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ')}`);
  return parsed.data as RulePack[];
}

let store: EventStore & { close(): Promise<void> };
let source: PartitionSource | undefined;
let end: () => Promise<void> = async () => undefined;
if (values.db !== undefined) {
  const { existsSync } = await import('node:fs');
  if (!existsSync(values.db)) fail(`no such file: ${values.db}`);
  const { createSqliteEventStore, sqlitePartitionSource } = await import('@motcua/store-sqlite');
  store = await createSqliteEventStore({ filename: values.db, cacheSizeKiB: 65_536 });
  if (!values['one-reader']) source = sqlitePartitionSource(values.db);
} else {
  const { default: pg } = await import('pg');
  const { createPostgresEventStore } = await import('@motcua/store-postgres');
  const pool = new pg.Pool({ connectionString: values.pg, max: 4 });
  pool.on('error', (e) => console.error(`postgres: idle connection lost: ${e.message}`)); // an idle client's error would otherwise end the process
  store = await createPostgresEventStore({ pool, listen: false, pollIntervalMs: 0, ...(values.schema ? { schema: values.schema } : {}) });
  end = () => pool.end();
}

try {
  const result = await rebuildProjections({
    log: store,
    projections,
    workers,
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(source ? { source } : {}),
    ...(workerHeapMb !== undefined ? { workerHeapMb } : {}),
    ...(workerYoungMb !== undefined ? { workerYoungMb } : {}),
    save: !values['no-save'],
    // One projection at a time at the end (merged, saved, let go): this script never reads the states.
    keep: false,
    onProgress: progressBar(process.stderr),
  });
  const seconds = (result.timings.foldMs + result.timings.mergeMs + result.timings.saveMs) / 1000;
  const summary = {
    events: result.events,
    head: result.head,
    workers: result.workers,
    read: source ? 'partitioned' : 'one reader',
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: Math.round(result.events / seconds),
    timings: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v)])),
    skipped: result.skipped,
    saved: values['no-save'] ? [] : result.projections.map((p) => p.name),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else
    process.stdout.write(
      `rebuilt ${summary.saved.length ? summary.saved.join(', ') : `${kinds.join(', ')} (not saved)`} from ${summary.events} events` +
        `${summary.events !== summary.head ? ` (those of the types the reports apply, of a log up to position ${summary.head})` : ''} in ${summary.seconds} s ` +
        `(${summary.eventsPerSecond} events/s, ${summary.workers} workers, ${summary.read}; fold ${summary.timings.foldMs} ms, merge ${summary.timings.mergeMs} ms, save ${summary.timings.saveMs} ms); ` +
        `${summary.skipped} skipped; peak RSS ${summary.peakRssMB} MB (process, all threads)\n`,
    );
} catch (error) {
  // A typed failure (e.g. REBUILD_OUT_OF_MEMORY: what to change is in the message), not a stack trace; nothing was saved.
  const typed = error instanceof MotcuaError;
  process.stderr.write(`\nrebuild failed${typed ? ` (${error.code})` : ''}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await store.close();
  await end();
}
