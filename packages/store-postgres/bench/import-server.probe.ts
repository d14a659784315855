/**
 * The server side of a COPY import alone: pre-serialised rows of the import benchmark, COPY'd in several ways into
 * fresh store schemas on a durable throwaway server, to see where one backend's time goes and what a second
 * backend adds. No checks, no hashes (the client's share is `import-client.probe.ts`).
 *
 *   npx tsx --max-semi-space-size=64 packages/store-postgres/bench/import-server.probe.ts [events=300000] [variants=a,b,c,d,e]
 *
 *  a  one COPY into the indexed table (the import bench's raw baseline)
 *  b  one COPY, the two unique constraints dropped before and added after (importEvents' fresh path)
 *  c  b with the primary key dropped too and added after
 *  d  c with the positions written by COPY (identity values given, the sequence set after)
 *  e  two connections, each COPYing half the rows (committed separately) into the table without unique constraints
 *  f  one connection COPYs every row into an unlogged staging table (FREEZE), another inserts them into events
 *     (unique constraints dropped) with INSERT … SELECT … ORDER BY ord (default work_mem: the sort spills to disk)
 *  g  f without the ORDER BY (heap order, synchronized scans off)
 *  h  f with work_mem 256MB (an in-memory sort)
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createPostgresEventStore } from '../src/index';
import { startTestPostgres } from '../src/testkit/index';

const N = Number(process.argv[2] ?? 300_000);
const VARIANTS = (process.argv[3] ?? 'a,b,c,d,e').split(',');
const load = () => loadavg()[0]!.toFixed(2);
const rows: string[] = [];
for (let s = 0; rows.length < N; s++) {
  for (let k = 0; k < 10; k++) {
    const at = new Date(Date.UTC(2024, 0, 2) + s * 60_000 + k * 3_600_000).toISOString();
    const data = { step: k, unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' }, procedure: { code: '1.001193', version: '1' }, note: 'Hồ sơ đã được tiếp nhận' };
    const id = randomUUID();
    const metadata = {
      eventId: id,
      schemaVersion: 1,
      occurredAt: at,
      recordedAt: at,
      actor: { id: 'cb-01', role: 'receivingOfficer' },
      commandId: randomUUID(),
      hash: 'f'.repeat(64),
    };
    rows.push(`dossier-${String(s).padStart(7, '0')}\t${k + 1}\tT${k}\t${id}\t${JSON.stringify(data)}\t${JSON.stringify(metadata)}\n`);
  }
}
const server = await startTestPostgres({ durable: true });
const pool = new pg.Pool({ connectionString: server.url, max: 4 });
let round = 0;
const fresh = async () => {
  const schema = `probe_${round++}`;
  await (await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 })).close();
  return `"${schema}"`;
};
async function copy(client: pg.PoolClient, sql: string, lines: readonly string[], prefix?: (i: number) => string): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let piece = '';
  for (let i = 0; i < lines.length; i++) {
    piece += prefix ? prefix(i) + lines[i] : lines[i];
    if (piece.length >= 1 << 20) {
      if (!stream.write(piece)) await new Promise((r) => stream.once('drain', r));
      piece = '';
    }
  }
  stream.end(piece);
  await done;
}
const COLS = '(stream_id, version, type, event_id, data, metadata)';
async function variant(v: string): Promise<number> {
  const schema = await fresh();
  const a = await pool.connect();
  const b = await pool.connect();
  try {
    const t0 = performance.now();
    if (v === 'f' || v === 'g' || v === 'h') {
      await b.query('BEGIN');
      await b.query(
        `CREATE UNLOGGED TABLE ${schema}.stage (ord integer NOT NULL, stream_id text NOT NULL, version integer NOT NULL, type text NOT NULL, event_id text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`,
      );
      await copy(b, `COPY ${schema}.stage (ord, stream_id, version, type, event_id, data, metadata) FROM STDIN (FREEZE)`, rows, (i) => `${i}\t`);
      await b.query('COMMIT');
      const t1 = performance.now();
      await a.query('BEGIN');
      await a.query(`ALTER TABLE ${schema}.events DROP CONSTRAINT events_stream_version, DROP CONSTRAINT events_event_id`);
      if (v === 'h') await a.query(`SET LOCAL work_mem = '256MB'`);
      if (v === 'g') await a.query('SET LOCAL synchronize_seqscans = off');
      await a.query(`INSERT INTO ${schema}.events ${COLS} SELECT stream_id, version, type, event_id, data, metadata FROM ${schema}.stage${v === 'g' ? '' : ' ORDER BY ord'}`);
      await a.query('COMMIT');
      const t2 = performance.now();
      console.log(`    ${v}: stage copy ${((t1 - t0) / 1000).toFixed(2)} s, insert select ${((t2 - t1) / 1000).toFixed(2)} s`);
      return (t2 - t0) / 1000;
    }
    if (v === 'e') {
      await a.query(`ALTER TABLE ${schema}.events DROP CONSTRAINT events_stream_version, DROP CONSTRAINT events_event_id`);
      const half = rows.length >> 1;
      await Promise.all([
        (async () => {
          await a.query('BEGIN');
          await copy(a, `COPY ${schema}.events ${COLS} FROM STDIN`, rows.slice(0, half));
          await a.query('COMMIT');
        })(),
        (async () => {
          await b.query('BEGIN');
          await copy(b, `COPY ${schema}.events ${COLS} FROM STDIN`, rows.slice(half));
          await b.query('COMMIT');
        })(),
      ]);
      return (performance.now() - t0) / 1000;
    }
    await a.query('BEGIN');
    if (v !== 'a') await a.query(`ALTER TABLE ${schema}.events DROP CONSTRAINT events_stream_version, DROP CONSTRAINT events_event_id`);
    if (v === 'c' || v === 'd') await a.query(`ALTER TABLE ${schema}.events DROP CONSTRAINT events_pkey`);
    if (v === 'd') await copy(a, `COPY ${schema}.events (position, stream_id, version, type, event_id, data, metadata) FROM STDIN`, rows, (i) => `${i + 1}\t`);
    else await copy(a, `COPY ${schema}.events ${COLS} FROM STDIN`, rows);
    const t1 = performance.now();
    await a.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    if (v === 'c' || v === 'd') await a.query(`ALTER TABLE ${schema}.events ADD CONSTRAINT events_pkey PRIMARY KEY (position)`);
    if (v === 'd') await a.query(`SELECT setval(pg_get_serial_sequence('${schema}.events', 'position'), $1)`, [rows.length]);
    if (v !== 'a') await a.query(`ALTER TABLE ${schema}.events ADD CONSTRAINT events_stream_version UNIQUE (stream_id, version), ADD CONSTRAINT events_event_id UNIQUE (event_id)`);
    await a.query('COMMIT');
    const t2 = performance.now();
    console.log(`    ${v}: copy ${((t1 - t0) / 1000).toFixed(2)} s, indexes + commit ${((t2 - t1) / 1000).toFixed(2)} s`);
    return (t2 - t0) / 1000;
  } finally {
    a.release();
    b.release();
  }
}
try {
  console.log(`server probe: ${rows.length} rows; load ${load()}`);
  const times = new Map<string, number[]>();
  for (let r = 0; r < 3; r++)
    for (const v of VARIANTS) {
      const s = await variant(v);
      times.set(v, [...(times.get(v) ?? []), s]);
      console.log(`  round ${r + 1} ${v}: ${Math.round(rows.length / s).toLocaleString('en-US')} rows/s; load ${load()}`);
    }
  for (const [v, xs] of times) {
    const m = [...xs].sort((x, y) => x - y)[1]!;
    console.log(`${v}: median ${m.toFixed(2)} s = ${Math.round(rows.length / m).toLocaleString('en-US')} rows/s`);
  }
} finally {
  await pool.end();
  await server.stop();
}
