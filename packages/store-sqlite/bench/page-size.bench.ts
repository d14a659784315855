/**
 * The page size of a new SQLite file (`pageSize`): what each costs on the
 * durable write paths and what it saves in bytes. For 4,096, 8,192 and 16,384
 * bytes, in the same run, interleaved rounds (the side that goes first
 * rotates), medians, on files pre-filled with PREFILL events (so the B-trees
 * have their working depth):
 *
 * - durable sequential appends (`synchronous=FULL`, one event per append, one
 *   fsync each): appends/s and WAL bytes written per commit;
 * - group commit: 1,000 concurrent one-event appends on distinct new streams
 *   in one `appendMany` (one transaction, one fsync): appends/s, WAL bytes;
 * - reading the whole log back (`readBatches`): events/s;
 * - bytes per event of the pre-filled file (page_count × page_size / events).
 *
 * Prints figures; asserts nothing.
 *
 *   npx tsx packages/store-sqlite/bench/page-size.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@motcua/core';
import { createSqliteEventStore, type SqliteEventStore } from '../src/index';

const SIZES = (process.env.BENCH_PAGE_SIZES ?? '4096,8192,16384').split(',').map(Number);
const PREFILL = Number(process.env.BENCH_PREFILL ?? 200_000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 500);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'motcua-page-bench-'));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => loadavg()[0]!.toFixed(1);
const actor = { id: 'cb-01', role: 'officer', unit: '000.00.20.H26' };

/** An event shaped like the demo's (a ~600-byte DossierAccepted every 5th, short ones between). */
function event(i: number): NewEvent {
  const data =
    i % 5 === 0
      ? {
          procedure: { code: '1.004227', version: '1' },
          unit: { code: '000.00.20.H26', name: 'Bộ phận Một cửa UBND huyện Gia Lâm' },
          applicant: { name: 'Nguyễn Văn Thảo', idNumber: `0011842${String(i % 100_000).padStart(5, '0')}`, kind: 'citizen' },
          channel: 'direct',
          components: [{ code: 'DON', name: 'Đơn đề nghị', form: 'copy', digitised: false }],
          dossierCode: `000.00.20.H26-210104-${String(i % 10_000).padStart(4, '0')}`,
          due: { date: '2021-01-14', at: '2021-01-14T17:00:00.000+07:00' },
        }
      : { portal: 'dvcqg', nationalStatus: i % 12 };
  return {
    type: i % 5 === 0 ? 'DossierAccepted' : 'PortalSynced',
    data,
    metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: '2021-01-04T09:16:00.000+07:00', recordedAt: new Date().toISOString(), actor, commandId: randomUUID() },
  };
}

/** Frames in the WAL since the last checkpoint, × (page + frame header). Needs `wal_autocheckpoint = 0` while counting. */
function walBytes(store: SqliteEventStore, pageSize: number): number {
  const [row] = store.db.prepare('PRAGMA wal_checkpoint(PASSIVE)').all() as { log: number }[];
  return row!.log * (pageSize + 24);
}

const files = new Map<number, string>();
const bytesPerEvent = new Map<number, number>();
for (const pageSize of SIZES) {
  const filename = join(dir, `p${pageSize}.db`);
  files.set(pageSize, filename);
  const store = await createSqliteEventStore({ filename, pageSize });
  const streams = Array.from({ length: PREFILL / 5 }, (_, s) => ({ streamId: `dossier-${s}`, events: Array.from({ length: 5 }, (_, k) => event(s * 5 + k)) }));
  await store.importStreams(streams, { threads: 1 });
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const pages = (store.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
  bytesPerEvent.set(pageSize, (pages * pageSize) / PREFILL);
  await store.close();
}

let next = PREFILL;
async function sequential(pageSize: number): Promise<{ rate: number; wal: number }> {
  const store = await createSqliteEventStore({ filename: files.get(pageSize)!, synchronous: 'FULL' });
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0');
  const t = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const n = next++;
    // one event on an existing stream (as a desk officer's command does), versions checked
    const streamId = `dossier-${n % (PREFILL / 5)}`;
    await store.append(streamId, [event(n)]);
  }
  const ms = performance.now() - t;
  const wal = walBytes(store, pageSize) / SEQUENTIAL;
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  await store.close();
  return { rate: SEQUENTIAL / (ms / 1000), wal };
}

async function grouped(pageSize: number, round: number): Promise<{ rate: number; wal: number }> {
  const store = await createSqliteEventStore({ filename: files.get(pageSize)!, synchronous: 'FULL' });
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0');
  const requests = Array.from({ length: CONCURRENT }, (_, i) => ({
    streamId: `new-${round}-${i}`,
    events: [event(next++)],
    options: { expectedVersion: 'no_stream' as const },
  }));
  const t = performance.now();
  const outcomes = await store.appendMany(requests);
  const ms = performance.now() - t;
  if (!outcomes.every((o) => o.ok)) throw new Error('refused');
  const wal = walBytes(store, pageSize);
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  await store.close();
  return { rate: CONCURRENT / (ms / 1000), wal };
}

async function readBack(pageSize: number): Promise<number> {
  const store = await createSqliteEventStore({ filename: files.get(pageSize)! });
  let n = 0;
  const t = performance.now();
  for await (const batch of store.readBatches({ batchSize: 1_000 })) n += batch.length;
  const ms = performance.now() - t;
  await store.close();
  return n / (ms / 1000);
}

console.log(`SQLite page size: ${SIZES.join(', ')}; files pre-filled with ${fmt(PREFILL)} events; ${ROUNDS} interleaved rounds, medians; load at start ${load()}`);
const figures = new Map(SIZES.map((s) => [s, { seq: [] as number[], seqWal: [] as number[], group: [] as number[], groupWal: [] as number[], read: [] as number[] }]));
for (let round = 0; round < ROUNDS; round++) {
  const order = SIZES.map((_, k) => SIZES[(k + round) % SIZES.length]!);
  for (const pageSize of order) {
    const f = figures.get(pageSize)!;
    const s = await sequential(pageSize);
    f.seq.push(s.rate);
    f.seqWal.push(s.wal);
    const g = await grouped(pageSize, round);
    f.group.push(g.rate);
    f.groupWal.push(g.wal);
    f.read.push(await readBack(pageSize));
  }
}
for (const pageSize of SIZES) {
  const f = figures.get(pageSize)!;
  console.log(`page ${fmt(pageSize).padStart(6)}  ${bytesPerEvent.get(pageSize)!.toFixed(1)} B/event`);
  console.log(`  sequential durable appends  ${fmt(median(f.seq))} appends/s (rounds ${f.seq.map(fmt).join(', ')}), WAL ${fmt(median(f.seqWal))} B/commit`);
  console.log(`  appendMany ×${fmt(CONCURRENT)}           ${fmt(median(f.group))} appends/s (rounds ${f.group.map(fmt).join(', ')}), WAL ${fmt(median(f.groupWal))} B/commit`);
  console.log(`  readBatches                 ${fmt(median(f.read))} events/s`);
}
console.log(`load at end ${load()}`);
rmSync(dir, { recursive: true, force: true });
