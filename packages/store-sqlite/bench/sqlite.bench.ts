/**
 * SQLite adapter benchmarks against raw better-sqlite3 doing the same work,
 * measured in the same run. Prints figures and ratios; asserts nothing.
 *
 *   npx tsx packages/store-sqlite/bench/sqlite.bench.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEngine, type NewEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createSqliteEventStore } from '../src/index';
import { applyMigrations } from '../src/schema';

const IMPORT_EVENTS = Number(process.env.BENCH_IMPORT_EVENTS ?? 200_000);
const EVENTS_PER_STREAM = 10;
const DURABLE_COMMANDS = Number(process.env.BENCH_DURABLE_COMMANDS ?? 2_000);
const TYPES = ['DossierReceived', 'FeeCollected', 'Assigned', 'Appraised', 'Approved', 'ResultReturned'];

/** uuid v7 (time-ordered, as motcua event ids are): 48-bit ms timestamp, then random bits. */
let lastMs = 0;
let seq = 0;
function uuidv7(): string {
  const now = Date.now();
  seq = now === lastMs ? seq + 1 : 0;
  lastMs = now;
  const r = randomBytes(10);
  const hex = `${now.toString(16).padStart(12, '0')}7${(seq & 0xfff).toString(16).padStart(3, '0')}${((r[0]! & 0x3f) | 0x80).toString(16).padStart(2, '0')}${r.subarray(1, 8).toString('hex')}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => (a / b).toFixed(2);

function event(i: number): NewEvent {
  return {
    type: TYPES[i % TYPES.length]!,
    data: {
      dossierCode: `H21.65-241027-${String(i % 10_000).padStart(4, '0')}`,
      procedure: 'Đăng ký khai sinh',
      applicant: { name: 'Nguyễn Văn An', ward: 'Phường Hoàn Kiếm' },
      fee: 8000,
      i,
    },
    metadata: {
      eventId: uuidv7(),
      schemaVersion: 1,
      occurredAt: '2024-10-27T08:30:00+07:00',
      recordedAt: '2024-10-27T01:30:00.000Z',
      actor: { id: 'cb-01', role: 'officer', unit: 'H21.65' },
    },
  };
}

function rawDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -32768'); // same page cache as the store's default
  db.exec('BEGIN IMMEDIATE');
  applyMigrations(db, 0, 3); // the JSON-text layout (before the compact rows of version 4): the raw baseline stays a plain insert loop
  db.exec('COMMIT');
  return db;
}

function time<T>(fn: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
}

// ---------------------------------------------------------------- bulk import
const streams = Array.from({ length: IMPORT_EVENTS / EVENTS_PER_STREAM }, (_, s) => ({
  streamId: `dossier-${s}`,
  events: Array.from({ length: EVENTS_PER_STREAM }, (_, i) => event(s * EVENTS_PER_STREAM + i)),
}));

function rawImport(file: string): number {
  const db = rawDatabase(file);
  const [, ms] = time(() => {
    const insert = db.prepare('INSERT INTO motcua_events (stream_id, version, type, event_id, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    db.exec('BEGIN IMMEDIATE');
    for (const s of streams) {
      let v = 0;
      for (const e of s.events) insert.run(s.streamId, ++v, e.type, e.metadata.eventId, JSON.stringify(e.data), JSON.stringify(e.metadata));
    }
    db.exec('COMMIT');
  });
  db.close();
  return ms;
}

async function storeImport(file: string, threads?: 1 | 2): Promise<number> {
  const s = await createSqliteEventStore({ filename: file });
  const [result, ms] = await timeAsync(() => s.importStreams(streams, { transactionSize: IMPORT_EVENTS, threads }));
  if (threads === undefined) defaultThreads = result.threads;
  await s.close();
  return ms;
}
let defaultThreads = 0;

// Rounds alternate raw / store (default: two threads on a multi-core machine) / store on one thread, and keep
// the best of each (the disk and CPU of a VM are noisy). The one-thread path is the same work without the writer thread.
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const rawRuns: number[] = [];
const storeRuns: number[] = [];
const oneThreadRuns: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = [
    () => rawRuns.push(rawImport(join(dir, `raw-${r}.db`))),
    async () => storeRuns.push(await storeImport(join(dir, r === ROUNDS - 1 ? 'store.db' : `store-${r}.db`))),
    async () => oneThreadRuns.push(await storeImport(join(dir, `one-${r}.db`), 1)),
  ];
  for (let k = 0; k < order.length; k++) await order[(k + r) % order.length]!();
}
rmSync(join(dir, 'raw.db'), { force: true });
rawRuns.push(rawImport(join(dir, 'raw.db'))); // the file the read section below uses (also a round of its own)
const rawImportMs = Math.min(...rawRuns);
const importMs = Math.min(...storeRuns);
const importRate = IMPORT_EVENTS / (importMs / 1000);
const oneThreadRate = IMPORT_EVENTS / (Math.min(...oneThreadRuns) / 1000);
const rawImportRate = IMPORT_EVENTS / (rawImportMs / 1000);
console.log(`bulk import        ${fmt(IMPORT_EVENTS)} events in ${fmt(streams.length)} streams, one transaction (best of ${ROUNDS}, rounds interleaved)`);
console.log(`  store.importStreams   ${fmt(importRate)} events/s  (default: ${defaultThreads} thread${defaultThreads === 1 ? '' : 's'})`);
console.log(`  the same, threads: 1  ${fmt(oneThreadRate)} events/s  (ratio ${ratio(oneThreadRate, rawImportRate)})`);
console.log(`  raw insert loop       ${fmt(rawImportRate)} events/s`);
console.log(`  ratio                 ${ratio(importRate, rawImportRate)}  (goal ≥ 0.80, ≥ 100,000 events/s)`);

const rawDb = new Database(join(dir, 'raw.db'));
const store = await createSqliteEventStore({ filename: join(dir, 'store.db') });

// ------------------------------------------------------- global log → projection
const [rawCounts, rawReadMs] = time(() => {
  const counts: Record<string, number> = {};
  for (const row of rawDb.prepare('SELECT position, stream_id, version, type, data, metadata FROM motcua_events ORDER BY position').raw(true).iterate() as IterableIterator<
    [number, string, number, string, string, string]
  >) {
    JSON.parse(row[4]);
    JSON.parse(row[5]);
    counts[row[3]] = (counts[row[3]] ?? 0) + 1;
  }
  return counts;
});
const [counts, readMs] = await timeAsync(async () => {
  const c: Record<string, number> = {};
  for await (const e of store.readAll()) c[e.type] = (c[e.type] ?? 0) + 1;
  return c;
});
const [, batchReadMs] = await timeAsync(async () => {
  const c: Record<string, number> = {};
  for await (const batch of store.readBatches({ batchSize: 5_000 })) for (const e of batch) c[e.type] = (c[e.type] ?? 0) + 1;
  return c;
});
if (JSON.stringify(counts) !== JSON.stringify(rawCounts)) console.log('  (!) counts differ', counts, rawCounts);
const readRate = IMPORT_EVENTS / (readMs / 1000);
const batchRate = IMPORT_EVENTS / (batchReadMs / 1000);
const rawReadRate = IMPORT_EVENTS / (rawReadMs / 1000);
console.log(`global log → count by type  (${fmt(IMPORT_EVENTS)} events)`);
console.log(`  store.readAll               ${fmt(readRate)} events/s`);
console.log(`  store.readBatches(5000)     ${fmt(batchRate)} events/s`);
console.log(`  raw SELECT + JSON.parse     ${fmt(rawReadRate)} events/s`);
console.log(`  ratio readAll / raw         ${ratio(readRate, rawReadRate)}  (goal ≥ 0.80)`);
console.log(`  ratio readBatches / raw     ${ratio(batchRate, rawReadRate)}`);
await store.close();
rawDb.close();

// --------------------------------------------- durable commands: read + append + commit, raw and through the engine
// Each durable figure is bound by the disk's fsync, whose latency on a VM moves from minute to minute: rounds
// interleave raw / store / engine (the side that goes first rotates) and each side keeps its best round.
const STREAMS = 100;
const DURABLE_ROUNDS = Number(process.env.BENCH_DURABLE_ROUNDS ?? 5);

async function storeDurable(round: number): Promise<number> {
  const durable = await createSqliteEventStore({ filename: join(dir, `durable-${round}.db`), synchronous: 'FULL' });
  const [, ms] = await timeAsync(async () => {
    for (let i = 0; i < DURABLE_COMMANDS; i++) {
      const streamId = `dossier-${i % STREAMS}`;
      const { version } = await durable.readStream(streamId);
      await durable.append(streamId, [event(i)], { expectedVersion: version });
    }
  });
  await durable.close();
  return ms;
}

function rawDurableRun(round: number): number {
  const rawDurable = rawDatabase(join(dir, `raw-durable-${round}.db`));
  const [, ms] = time(() => {
    const read = rawDurable.prepare('SELECT position, stream_id, version, type, data, metadata FROM motcua_events WHERE stream_id = ? ORDER BY version').raw(true);
    const max = rawDurable.prepare('SELECT max(version) FROM motcua_events WHERE stream_id = ?').pluck();
    const insert = rawDurable.prepare('INSERT INTO motcua_events (stream_id, version, type, event_id, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    const begin = rawDurable.prepare('BEGIN IMMEDIATE');
    const commit = rawDurable.prepare('COMMIT');
    for (let i = 0; i < DURABLE_COMMANDS; i++) {
      const streamId = `dossier-${i % STREAMS}`;
      const rows = read.all(streamId) as [number, string, number, string, string, string][];
      for (const r of rows) {
        JSON.parse(r[4]);
        JSON.parse(r[5]);
      }
      const e = event(i);
      begin.run();
      const v = ((max.get(streamId) as number | null) ?? 0) + 1;
      if (v !== rows.length + 1) throw new Error('conflict');
      insert.run(streamId, v, e.type, e.metadata.eventId, JSON.stringify(e.data), JSON.stringify(e.metadata));
      commit.run();
    }
  });
  rawDurable.close();
  return ms;
}

// The same work through the public engine API: validate, load (cache + new events), decide,
// append with the expected version, commit (synchronous FULL), evolve. 100 dossiers, each
// received first, then petitions filed in turn (a command allowed in any state).
async function engineRun(round: number): Promise<number> {
  const engineStore = await createSqliteEventStore({ filename: join(dir, `engine-${round}.db`), synchronous: 'FULL' });
  const engine = createEngine({ store: engineStore, catalog: sampleCatalog(), policy: 'none' });
  const actor = { id: 'cb-01', role: 'officer' };
  const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
  const ids = Array.from({ length: STREAMS }, () => uuidv7());
  for (const id of ids)
    await engine.execute({
      type: 'ReceiveDossier',
      commandId: uuidv7(),
      dossierId: id,
      actor,
      procedureCode: '2.002030',
      unit,
      applicant: { name: 'Nguyễn Văn An' },
      channel: 'direct',
      at: '2024-03-04T09:00:00+07:00',
    });
  const commands = Array.from({ length: DURABLE_COMMANDS }, (_, i) => ({
    type: 'FilePetition' as const,
    commandId: uuidv7(),
    dossierId: ids[i % STREAMS]!,
    actor,
    petitionId: `p${i}`,
    content: 'Hỏi tiến độ',
    channel: 'hotline',
    at: '2024-03-04T10:00:00+07:00',
  }));
  const [, ms] = await timeAsync(async () => {
    for (const c of commands) await engine.execute(c);
  });
  await engineStore.close();
  return ms;
}

const durableRuns: number[] = [];
const rawDurableRuns: number[] = [];
const engineRuns: number[] = [];
for (let r = 0; r < DURABLE_ROUNDS; r++) {
  const sides = [async () => rawDurableRuns.push(rawDurableRun(r)), async () => durableRuns.push(await storeDurable(r)), async () => engineRuns.push(await engineRun(r))];
  for (let k = 0; k < sides.length; k++) await sides[(k + r) % sides.length]!();
}
const rateOf = (runs: number[]) => DURABLE_COMMANDS / (Math.min(...runs) / 1000);
const durableRate = rateOf(durableRuns);
const rawDurableRate = rateOf(rawDurableRuns);
const engineRate = rateOf(engineRuns);
const perRound = (runs: number[]) => runs.map((ms, r) => ratio(rawDurableRuns[r]!, ms)).join(' · ');
console.log(
  `durable command (synchronous FULL): read stream + append 1 event + commit, ${fmt(DURABLE_COMMANDS)} commands over ${STREAMS} streams (best of ${DURABLE_ROUNDS}, rounds interleaved)`,
);
console.log(`  store                 ${fmt(durableRate)} commands/s`);
console.log(`  raw better-sqlite3    ${fmt(rawDurableRate)} commands/s`);
console.log(`  ratio                 ${ratio(durableRate, rawDurableRate)}  (goal ≥ 0.70, ≥ 1,750/s; each round: ${perRound(durableRuns)})`);
console.log(`engine commands (synchronous FULL): ${fmt(DURABLE_COMMANDS)} commands over ${STREAMS} dossiers through createEngine().execute (best of ${DURABLE_ROUNDS})`);
console.log(`  engine                ${fmt(engineRate)} commands/s`);
console.log(`  raw better-sqlite3    ${fmt(rawDurableRate)} commands/s (read stream + insert + commit, above)`);
console.log(`  ratio                 ${ratio(engineRate, rawDurableRate)}  (goal ≥ 0.70, ≥ 1,750/s; each round: ${perRound(engineRuns)})`);

rmSync(dir, { recursive: true, force: true });
