/**
 * What one sequential PostgreSQL append costs on each peer, measured on the
 * server (not a benchmark of `pnpm bench`: run it directly).
 *
 *   npx tsx examples/peers/bench/append-probe.ts          (PROBE_N appends per side, default 300)
 *
 * A durable throwaway server with `pg_stat_statements` (`track = all`, so the
 * statements inside `append_batch` / `emt_append_to_stream` are counted too).
 * Per side, `PROBE_N` appends of one event to a new stream, one after the
 * other (the `sequentialAppends` workload), then per append: client wall
 * time, statements the client sent (top level) and their server time, the
 * nested statements, transactions committed, WAL records/bytes, WAL fsyncs
 * (`pg_stat_wal`), NOTIFY transactions, and the rows/indexes touched.
 * `PROBE_WRITERS=8` runs the 8-writer workload instead (per append figures likewise).
 */
import { loadavg } from 'node:os';
import { startTestPostgres } from '@motcua/store-postgres/testkit';
import pg from 'pg';
import { installEmmett } from '../src/emmett';
import { emmettPostgres, motcuaPostgres, type PeerEvent, peerEvent, type Side } from '../src/sides';

const N = Number(process.env.PROBE_N ?? 300);
/** `PROBE_WRITERS=8`: the 8-writer workload of `pnpm bench peers` (N appends in all, each writer over 20 streams of its own, expected version checked) instead of sequential appends. */
const WRITERS = Number(process.env.PROBE_WRITERS ?? 0);
const folder = installEmmett();
const server = await startTestPostgres({
  durable: true,
  settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', track_io_timing: 'on', track_wal_io_timing: 'on' },
});
const admin = new pg.Pool({ connectionString: server.url, max: 2 });
const fmt = (n: number, d = 2) => n.toFixed(d);

async function stats(db: string) {
  const c = new pg.Client({ connectionString: server.urlFor(db) });
  await c.connect();
  try {
    const wal = (await c.query(`SELECT wal_records, wal_bytes, wal_sync, wal_write, wal_sync_time FROM pg_stat_wal`)).rows[0];
    const db0 = (await c.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`)).rows[0];
    const statements = (
      await c.query(
        `SELECT toplevel, calls, total_exec_time, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()`,
      )
    ).rows;
    return { wal, xact: Number(db0.xact_commit), statements };
  } finally {
    await c.end();
  }
}

async function probe(name: string, open: (url: string) => Promise<Side>) {
  const db = `probe_${name}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const ext = new pg.Client({ connectionString: server.urlFor(db) });
  await ext.connect();
  await ext.query('CREATE EXTENSION pg_stat_statements');
  await ext.end();
  const side = await open(server.urlFor(db));
  for (let k = 0; k < 20; k++) await side.append(`warm-${k}`, [peerEvent(`warm-${k}`, k)], 0);
  await new Promise((r) => setTimeout(r, 300));
  const c = new pg.Client({ connectionString: server.urlFor(db) });
  await c.connect();
  await c.query('SELECT pg_stat_statements_reset(); SELECT pg_stat_reset_shared($$wal$$); SELECT pg_stat_reset()');
  await c.end();
  await new Promise((r) => setTimeout(r, 600)); // stats of the reset connection flushed
  const before = await stats(db);
  const t0 = performance.now();
  if (WRITERS > 0)
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let k = 0; k < N / WRITERS; k++) await side.append(`w${w}-${k % 20}`, [peerEvent(`w${w}`, k)], Math.floor(k / 20));
      }),
    );
  else for (let k = 0; k < N; k++) await side.append(`seq-${k}`, [peerEvent(`seq-${k}`, k)], 0);
  const ms = performance.now() - t0;
  await side.close(); // ending its connections flushes their statistics
  await new Promise((r) => setTimeout(r, 1200));
  const after = await stats(db);
  const per = (a: number, b: number) => (a - b) / N;
  console.log(
    `\n== ${name}: ${N} ${WRITERS > 0 ? `appends by ${WRITERS} writers` : 'sequential appends'}, ${fmt(ms / N, 3)} ms each (${Math.round((N * 1000) / ms)}/s), load ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(
    `  per append: WAL records ${fmt(per(Number(after.wal.wal_records), Number(before.wal.wal_records)), 1)}, WAL bytes ${fmt(per(Number(after.wal.wal_bytes), Number(before.wal.wal_bytes)), 0)}, WAL fsyncs ${fmt(per(Number(after.wal.wal_sync), Number(before.wal.wal_sync)))}, WAL sync ms ${fmt(per(Number(after.wal.wal_sync_time), Number(before.wal.wal_sync_time)), 3)}, commits ${fmt(per(after.xact, before.xact))} (incl. the stats reads)`,
  );
  const rows = after.statements.filter((s) => !/pg_stat|pg_database/.test(s.q)).sort((a, b) => b.total_exec_time - a.total_exec_time);
  for (const s of rows.slice(0, 14))
    console.log(`  ${s.toplevel ? 'TOP ' : '    '}${fmt(s.calls / N).padStart(5)} calls/append ${fmt(s.total_exec_time / N, 3).padStart(7)} ms/append  ${s.q}`);
}

/**
 * The floor: one autocommit INSERT of the same event (as jsonb) into a table
 * with one primary key, bind parameters, one round trip, one commit — no
 * version check, no ordering, no notice.
 */
async function rawInsert(url: string): Promise<Side> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await pool.query('CREATE TABLE raw_events (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL)');
  return {
    async append(stream: string, events: PeerEvent[]) {
      await pool.query({ name: 'raw', text: 'INSERT INTO raw_events (stream_id, data) VALUES ($1, $2)', values: [stream, JSON.stringify(events[0]!.data)] });
    },
    close: () => pool.end(),
  } as unknown as Side;
}

try {
  console.log(
    `append probe: ${N} sequential appends per side, load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const only = (process.env.PROBE_SIDES ?? 'motcua,motcua_intx,motcua_nolisten,emmett,raw').split(',');
  if (only.includes('motcua')) await probe('motcua', (url) => motcuaPostgres(url, 'motcua'));
  if (only.includes('motcua_intx')) await probe('motcua_intx', (url) => motcuaPostgres(url, 'motcua', { notify: 'in-transaction' }));
  if (only.includes('motcua_nolisten')) await probe('motcua_nolisten', (url) => motcuaPostgres(url, 'motcua', { listen: false, notify: 'in-transaction' }));
  if (only.includes('emmett')) await probe('emmett', (url) => emmettPostgres(folder, url));
  if (only.includes('raw')) await probe('raw', rawInsert);
} finally {
  await admin.end();
  await server.stop();
}
