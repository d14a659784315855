/**
 * A bigger log for the rebuild benchmarks, made from a simulation file in SQL
 * (minutes instead of the hours a province-size simulation takes):
 *
 *   npx tsx packages/projections/bench/scale-file.ts --from FILE --copies K [--out FILE]
 *
 * K copies of every stream (stream `name` → `name~c`, its events' metadata
 * and data unchanged, fresh random event ids), interleaved in log order: new
 * position = old position × K + c, new stream number (old − 1) × K + c + 1. So the log keeps its days and its order of
 * events within each stream; it is the same province with K times the
 * dossiers on the same days — what a rebuild reads and folds per event is the
 * simulation's. The hash chain is not kept (a rebuild does not verify it); do
 * not use the file for anything else. Default output: the temp folder,
 * `motcua-rebuild-bench-x<K>.sqlite`.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@motcua/store-sqlite';

const { values } = parseArgs({ options: { from: { type: 'string' }, copies: { type: 'string' }, out: { type: 'string' } } });
const from = values.from ?? join(tmpdir(), 'motcua-rebuild-bench-gia-lam.sqlite');
const copies = Number(values.copies ?? 13);
if (!existsSync(from) || !Number.isInteger(copies) || copies < 1) throw new Error('usage: scale-file.ts --from FILE --copies K [--out FILE]');
const out = values.out ?? join(tmpdir(), `motcua-rebuild-bench-x${copies}.sqlite`);
const building = `${out}.building-${process.pid}`;

const store = await createSqliteEventStore({ filename: building }); // an empty file at the current schema
await store.close();
const db = new Database(building);
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.exec(`ATTACH DATABASE '${from.replaceAll("'", "''")}' AS src`);
const started = performance.now();
db.exec('BEGIN');
db.exec('INSERT INTO motcua_types SELECT * FROM src.motcua_types; INSERT INTO motcua_dictionary SELECT * FROM src.motcua_dictionary');
db.exec(
  `CREATE TEMP TABLE copies (c INTEGER PRIMARY KEY); WITH RECURSIVE n(c) AS (SELECT 0 UNION ALL SELECT c + 1 FROM n WHERE c + 1 < ${copies}) INSERT INTO copies SELECT c FROM n`,
);
// Stream numbers interleaved like the positions ((id - 1) × K + c + 1): a real file numbers streams in the order they
// were first written, and the rebuild's stream-name reads rely on it (copy-major numbers made them 15 % of a worker).
db.exec(`INSERT INTO motcua_streams (id, name) SELECT (s.id - 1) * ${copies} + c.c + 1, s.name || '~' || c.c FROM src.motcua_streams s, copies c`);
db.exec(
  `INSERT INTO motcua_events (position, stream_id, version, type, event_id, data, meta, hash) ` +
    `SELECT e.position * ${copies} + c.c, (e.stream_id - 1) * ${copies} + c.c + 1, e.version, e.type, randomblob(16), e.data, e.meta, e.hash ` +
    `FROM src.motcua_events e, copies c ORDER BY e.position, c.c`,
);
db.exec('COMMIT');
const events = (db.prepare('SELECT count(*) FROM motcua_events').raw(true).get() as [number])[0];
db.exec('DETACH DATABASE src');
db.close();
for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${building}${suffix}`, { force: true });
renameSync(building, out);
console.log(`${out}: ${events.toLocaleString('en')} events (${copies} copies of ${from}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
