/**
 * Historical import through COPY (`importEvents`) vs a raw COPY baseline, in
 * one run on a throwaway durable server (fsync on) from the testkit.
 *
 *   npx tsx --max-semi-space-size=64 packages/store-postgres/bench/import.bench.ts [events=500000]
 *
 * Events are dossier-shaped (10 per stream, Vietnamese text, engine-like
 * metadata), generated before timing starts. Rounds alternate (import, raw,
 * import, raw, …) into fresh schemas; the medians are printed.
 *  - `importEvents`: checks, JSON, the hash chain (SHA-256 per event), COPY,
 *    one transaction under the append lock, into the store's events table.
 *    Into the new (empty) schema it drops the two unique indexes in its
 *    transaction and builds them after the COPY (`indexes: 'rebuild'`, the
 *    default); `importEvents, indexes: 'keep'` inserts through them.
 *  - raw COPY: the same rows' text, serialised beforehand without checks or
 *    hashes, COPY'd into an identical events table (every index in place) —
 *    what the server and the driver cost alone. Unchanged baseline.
 *  - raw COPY, unique indexes built after: the same rows, the same table, the
 *    two unique constraints dropped before and added after in the same
 *    transaction — the raw floor of what `importEvents` now does.
 *  - the same import with other rows, alternated with `importEvents`' own
 *    (binary format, session 8) in the same process: `IMPORT_AB=text` (default)
 *    the byte encoder's text-format rows, `IMPORT_AB=string` the session-7
 *    string encoder (`test/import-string-encoder.ts`).
 *  - `IMPORT_RAW_BINARY=1`: a raw binary-format COPY (unique indexes built
 *    after); `IMPORT_RAW_PK=1`: a raw COPY with the primary key built after too;
 *    `IMPORT_PARTITIONED=1`: `importEvents` into a monthly-partitioned schema.
 *  - after the table: CPU per event of the client (this process,
 *    `process.cpuUsage`) and of the server's processes (/proc), and what two
 *    free cores would bound. `IMPORT_KEEP=1` adds the `indexes: 'keep'` runs.
 *
 *   npx tsx --max-semi-space-size=64 packages/store-postgres/bench/import.bench.ts --from-sqlite FILE
 *
 * instead imports a real log (e.g. the province simulation's SQLite file, as
 * `rebuild.bench.ts` caches it) into a partitioned schema, event by event in
 * log order, once, then rebuilds every report projection from PostgreSQL with
 * `pnpm run rebuild --pg … --workers 0 --json` and prints both.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { NewEvent } from '@motcua/core';
import { createPostgresEventStore, importEvents, type PgImportStream } from '../src/index';
import { importWithEncoder } from '../src/import';
import { CopyRowEncoder } from '../src/import-encode';
import { startTestPostgres } from '../src/testkit/index';
import { StringRowEncoder } from '../test/import-string-encoder';

const fromSqlite = process.argv[2] === '--from-sqlite' ? process.argv[3] : undefined;
const N = fromSqlite ? 0 : Number(process.argv[2] ?? 500_000);
const ROUNDS = 3;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

const TYPES = [
  'DossierSubmitted',
  'DossierAccepted',
  'DossierTransferred',
  'OfficerAssigned',
  'FeeRequested',
  'FeePaid',
  'DossierResolved',
  'ResultReturned',
  'DossierRated',
  'PortalSynced',
];
function history(stream: number): PgImportStream {
  const start = Date.UTC(2024, 0, 2) + stream * 60_000;
  const events: NewEvent[] = TYPES.map((type, k) => {
    const at = new Date(start + k * 3_600_000).toISOString();
    return {
      type,
      data: { step: k, unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' }, procedure: { code: '1.001193', version: '1' }, note: 'Hồ sơ đã được tiếp nhận' },
      metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: at, recordedAt: at, actor: { id: 'cb-01', role: 'receivingOfficer' }, commandId: randomUUID() },
    };
  });
  return { streamId: `dossier-000.00.06.H56-240102-${String(stream).padStart(7, '0')}`, events, expectedVersion: 'no_stream' };
}

const streams = Array.from({ length: Math.ceil(N / TYPES.length) }, (_, i) => history(i));
const total = streams.length * TYPES.length;
// The baseline's rows: the same JSON, no checks, no hash chain.
const rawText = streams.flatMap((s) =>
  s.events.map((e, i) => `${s.streamId}\t${i + 1}\t${e.type}\t${e.metadata.eventId}\t${JSON.stringify(e.data)}\t${JSON.stringify(e.metadata)}\n`),
);

/** The same rows in COPY's binary format (IMPORT_RAW_BINARY=1): length-prefixed fields, jsonb as version byte 1 + text. */
const BINARY = process.env.IMPORT_RAW_BINARY === '1';
const rawBinary: Buffer[] = [];
if (BINARY) {
  const header = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
  let chunk = Buffer.allocUnsafe(1 << 21);
  let o = header.copy(chunk, 0);
  const text = (value: string, jsonb = false) => {
    const bytes = Buffer.byteLength(value) + (jsonb ? 1 : 0);
    o = chunk.writeInt32BE(bytes, o);
    if (jsonb) chunk[o++] = 1;
    o += chunk.write(value, o, 'utf8');
  };
  for (const s of streams)
    s.events.forEach((e, i) => {
      if (o > 1 << 20) {
        rawBinary.push(chunk.subarray(0, o));
        chunk = Buffer.allocUnsafe(1 << 21);
        o = 0;
      }
      o = chunk.writeInt16BE(6, o);
      text(s.streamId);
      o = chunk.writeInt32BE(4, o);
      o = chunk.writeInt32BE(i + 1, o);
      text(e.type);
      text(e.metadata.eventId);
      text(JSON.stringify(e.data), true);
      text(JSON.stringify(e.metadata), true);
    });
  o = chunk.writeInt16BE(-1, o);
  rawBinary.push(chunk.subarray(0, o));
}

const server = await startTestPostgres({ durable: true });

/**
 * CPU time (ms) of each of the server's processes (children of the postmaster, from /proc; Linux only, else empty):
 * with the client's own CPU time it shows where a run's work went whatever the machine's load, and bounds what two
 * free cores would do (the busiest process, or half the total, whichever is longer).
 */
const postmaster = (() => {
  try {
    return Number(readFileSync(join(server.directory, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return -1;
  }
})();
function serverCpu(): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== postmaster) continue; // field 4: ppid
      out.set(Number(pid), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100); // utime + stime, at 100 ticks/s
    } catch {
      // the process ended
    }
  }
  return out;
}
interface Cpu {
  client: number;
  server: number;
  busiest: number;
}
const cpuOf = new Map<string, Cpu[]>();
async function measured<T>(label: string, run: () => Promise<T>): Promise<T> {
  const before = serverCpu();
  const client = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(client);
  let serverMs = 0;
  let busiest = 0;
  for (const [pid, ms] of serverCpu()) {
    const spent = ms - (before.get(pid) ?? 0);
    serverMs += spent;
    busiest = Math.max(busiest, spent);
  }
  cpuOf.set(label, [...(cpuOf.get(label) ?? []), { client: (used.user + used.system) / 1000, server: serverMs, busiest }]);
  return result;
}
const pool = new pg.Pool({ connectionString: server.url, max: 4 });
if (fromSqlite) {
  try {
    await importFromSqlite(fromSqlite);
  } finally {
    await pool.end();
    await server.stop();
  }
  process.exit(0);
}
try {
  console.log(`import benchmark: ${fmt(total)} events in ${fmt(streams.length)} streams; load average before: ${load()}`);
  let round = 0;
  const freshSchema = async (partitioned = false) => {
    const schema = `bench_import_${round++}`;
    const store = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0, ...(partitioned ? { partitioning: 'monthly' as const } : {}) });
    await store.close();
    return schema;
  };
  /** The encoder alternated with `importEvents`' own (binary rows): IMPORT_AB=text (the byte encoder's text rows, default) or string (session 7). */
  const AB = process.env.IMPORT_AB === 'string' ? 'string' : 'text';
  const abLabel = AB === 'string' ? 'importEvents, session-7 string encoder (text format)' : 'importEvents, text-format rows (byte encoder)';
  const importRun = async (indexes: 'rebuild' | 'keep' = 'rebuild', encoder: 'bytes' | 'ab' = 'bytes', partitioned = false) => {
    const schema = await freshSchema(partitioned);
    const label = partitioned
      ? `importEvents into a monthly-partitioned schema${indexes === 'keep' ? ", indexes: 'keep' (key tables by the row trigger)" : ''}`
      : encoder === 'ab'
        ? abLabel
        : indexes === 'keep'
          ? "importEvents, indexes: 'keep'"
          : 'importEvents';
    const t0 = performance.now();
    const result = await measured(label, () =>
      encoder === 'ab'
        ? importWithEncoder(pool, streams, { schema, indexes }, () => (AB === 'string' ? new StringRowEncoder() : new CopyRowEncoder('text')))
        : importEvents(pool, streams, { schema, indexes }),
    );
    const seconds = (performance.now() - t0) / 1000;
    if (result.events !== total) throw new Error(`imported ${result.events} of ${total}`);
    return seconds;
  };
  /** Seconds of the index build at the end of each raw run that builds them. */
  const builds: number[] = [];
  const rawRun = async (rebuild: boolean | 'pk' | 'binary' = false) => {
    const schema = await freshSchema();
    const client = await pool.connect();
    const cpuBefore = serverCpu();
    const clientBefore = process.cpuUsage();
    try {
      const t0 = performance.now();
      await client.query('BEGIN');
      if (rebuild)
        await client.query(
          `ALTER TABLE "${schema}".events DROP CONSTRAINT events_stream_version, DROP CONSTRAINT events_event_id${rebuild === 'pk' ? ', DROP CONSTRAINT events_pkey' : ''}`,
        );
      const copy = client.query(
        copyFrom(`COPY "${schema}".events (stream_id, version, type, event_id, data, metadata) FROM STDIN${rebuild === 'binary' ? ' (FORMAT binary)' : ''}`),
      );
      const done = new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
      });
      if (rebuild === 'binary') {
        for (const chunk of rawBinary) if (!copy.write(chunk)) await new Promise((resolve) => copy.once('drain', resolve));
        copy.end();
      } else {
        let piece = '';
        for (const row of rawText) {
          piece += row;
          if (piece.length >= 1 << 20) {
            if (!copy.write(piece)) await new Promise((resolve) => copy.once('drain', resolve));
            piece = '';
          }
        }
        copy.end(piece);
      }
      await done;
      if (rebuild) {
        const tBuild = performance.now();
        await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
        await client.query(
          `ALTER TABLE "${schema}".events ADD CONSTRAINT events_stream_version UNIQUE (stream_id, version), ADD CONSTRAINT events_event_id UNIQUE (event_id)${rebuild === 'pk' ? ', ADD CONSTRAINT events_pkey PRIMARY KEY (position)' : ''}`,
        );
        builds.push((performance.now() - tBuild) / 1000);
      }
      await client.query('COMMIT');
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(clientBefore);
      let serverMs = 0;
      let busiest = 0;
      for (const [pid, ms] of serverCpu()) {
        const spent = ms - (cpuBefore.get(pid) ?? 0);
        serverMs += spent;
        busiest = Math.max(busiest, spent);
      }
      const label =
        rebuild === 'binary'
          ? 'raw binary COPY + index build'
          : rebuild === 'pk'
            ? 'raw COPY + every index built after (primary key too)'
            : rebuild
              ? 'raw COPY + index build'
              : 'raw COPY, indexed';
      cpuOf.set(label, [...(cpuOf.get(label) ?? []), { client: (used.user + used.system) / 1000, server: serverMs, busiest }]);
      return seconds;
    } finally {
      client.release();
    }
  };
  const KEEP = process.env.IMPORT_KEEP === '1';
  const PARTITIONED = process.env.IMPORT_PARTITIONED === '1';
  const partitions: number[] = [];
  const partitionKeeps: number[] = [];
  const imports: number[] = [];
  const strings: number[] = [];
  const keeps: number[] = [];
  const raws: number[] = [];
  const rawRebuilds: number[] = [];
  const rawPks: number[] = [];
  const rawBinaries: number[] = [];
  const PK = process.env.IMPORT_RAW_PK === '1';
  for (let i = 0; i < ROUNDS; i++) {
    // The two encoders swap places every round (A/B, B/A…), the raw baselines between them.
    if (i % 2 === 0) imports.push(await importRun());
    else strings.push(await importRun('rebuild', 'ab'));
    raws.push(await rawRun());
    if (i % 2 === 0) strings.push(await importRun('rebuild', 'ab'));
    else imports.push(await importRun());
    if (KEEP) keeps.push(await importRun('keep'));
    if (PARTITIONED && i % 2 === 1) partitionKeeps.push(await importRun('keep', 'bytes', true));
    if (PARTITIONED) partitions.push(await importRun('rebuild', 'bytes', true));
    if (PARTITIONED && i % 2 === 0) partitionKeeps.push(await importRun('keep', 'bytes', true));
    if (PK && i % 2 === 1) rawPks.push(await rawRun('pk'));
    if (BINARY && i % 2 === 1) rawBinaries.push(await rawRun('binary'));
    rawRebuilds.push(await rawRun(true));
    if (PK && i % 2 === 0) rawPks.push(await rawRun('pk'));
    if (BINARY && i % 2 === 0) rawBinaries.push(await rawRun('binary'));
    console.log(
      `  round ${i + 1}/${ROUNDS}: importEvents ${fmt(total / imports[i]!)}, ${AB} ${fmt(total / strings[i]!)}, raw COPY ${fmt(total / raws[i]!)}, ${KEEP ? `importEvents keep ${fmt(total / keeps[i]!)}, ` : ''}raw COPY + index build ${fmt(total / rawRebuilds[i]!)} events/s; load ${load()}`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const imp = total / median(imports);
  const str = total / median(strings);
  const raw = total / median(raws);
  const rawRebuild = total / median(rawRebuilds);
  console.log('| run | median s | events/s |');
  console.log('|---|---:|---:|');
  console.log(
    `| importEvents (checks + hash chain + binary COPY rows encoded as bytes, one transaction; unique indexes built after the COPY) | ${median(imports).toFixed(2)} | ${fmt(imp)} |`,
  );
  console.log(`| ${abLabel} (alternated) | ${median(strings).toFixed(2)} | ${fmt(str)} |`);
  if (PARTITIONED) {
    console.log(`| importEvents into a monthly-partitioned schema (key tables filled after the COPY) | ${median(partitions).toFixed(2)} | ${fmt(total / median(partitions))} |`);
    console.log(`| the same, indexes: 'keep' (key tables written by the row trigger) | ${median(partitionKeeps).toFixed(2)} | ${fmt(total / median(partitionKeeps))} |`);
  }
  if (KEEP) console.log(`| importEvents, indexes: 'keep' (COPY through every index) | ${median(keeps).toFixed(2)} | ${fmt(total / median(keeps))} |`);
  console.log(`| raw COPY of pre-serialised rows into the indexed table (baseline) | ${median(raws).toFixed(2)} | ${fmt(raw)} |`);
  console.log(`| raw COPY, unique indexes dropped before and built after (second baseline) | ${median(rawRebuilds).toFixed(2)} | ${fmt(rawRebuild)} |`);
  if (PK) console.log(`| raw COPY, every index dropped before and built after, the primary key too | ${median(rawPks).toFixed(2)} | ${fmt(total / median(rawPks))} |`);
  if (BINARY) console.log(`| raw binary COPY, unique indexes dropped before and built after | ${median(rawBinaries).toFixed(2)} | ${fmt(total / median(rawBinaries))} |`);
  console.log(`index builds after the raw COPY (s): ${builds.map((b) => b.toFixed(2)).join(', ')}`);
  console.log('CPU per event (medians of the rounds; server = every server process, busiest = its busiest process):');
  console.log('| run | client µs | server µs | busiest server process µs | bound on 2 free cores, events/s |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [label, runs] of cpuOf) {
    const per = (pick: (cpu: Cpu) => number) => (median(runs.map(pick)) * 1000) / total;
    const client = per((c) => c.client);
    const serverUs = per((c) => c.server);
    const busiest = per((c) => c.busiest);
    const bound = 1e6 / Math.max(client, busiest, (client + serverUs) / 2);
    console.log(`| ${label} | ${client.toFixed(2)} | ${serverUs.toFixed(2)} | ${busiest.toFixed(2)} | ${fmt(bound)} |`);
  }
  console.log(
    `importEvents / raw COPY: ${(imp / raw).toFixed(2)}; importEvents / raw COPY + index build: ${(imp / rawRebuild).toFixed(2)}; importEvents / ${AB}: ${(imp / str).toFixed(2)}; target ≥ 100,000 events/s: ${imp >= 100_000 ? 'met' : 'NOT met'}; load average after: ${load()}`,
  );
} finally {
  await pool.end();
  await server.stop();
}

/** A real log into a partitioned schema through `importEvents`, then the rebuild from PostgreSQL (its own process). */
async function importFromSqlite(file: string): Promise<void> {
  const { createSqliteEventStore } = await import('@motcua/store-sqlite');
  const { spawnSync } = await import('node:child_process');
  const sqlite = await createSqliteEventStore({ filename: file, cacheSizeKiB: 65_536 });
  const store = await createPostgresEventStore({ pool, schema: 'province', partitioning: 'monthly', listen: false, pollIntervalMs: 0 });
  await store.close();
  console.log(`import of ${file} into a partitioned schema; load average before: ${load()}`);
  async function* items(): AsyncGenerator<PgImportStream> {
    for await (const batch of sqlite.readBatches({ after: 0, batchSize: 5000 }))
      for (const event of batch) {
        const { hash: _hash, ...metadata } = event.metadata as { hash?: string };
        yield { streamId: event.streamId, events: [{ type: event.type, data: event.data, metadata: metadata as NewEvent['metadata'] }] };
      }
  }
  const t0 = performance.now();
  const result = await importEvents(pool, items(), { schema: 'province' });
  const seconds = (performance.now() - t0) / 1000;
  await sqlite.close();
  console.log(`importEvents: ${fmt(result.events)} events (read from SQLite, checked, chained, COPY'd) in ${seconds.toFixed(1)} s = ${fmt(result.events / seconds)} events/s`);
  const rebuilt = spawnSync(
    join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx'),
    ['--max-semi-space-size=64', 'scripts/rebuild.ts', '--pg', server.url, '--schema', 'province', '--workers', '0', '--json'],
    {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  console.log(`rebuild from PostgreSQL (every report projection, in the reading thread): ${rebuilt.stdout.trim()}`);
  console.log(`load average after: ${load()}`);
}
