/**
 * Group commit on SQLite (issue #16.1), at the default durability
 * (`synchronous=FULL`: an fsync per commit). In the same run, interleaved
 * rounds, medians:
 *
 * - 1,000 concurrent commands on distinct dossiers through `engine.execute`
 *   (`FilePetition` on received dossiers), group commit on vs off;
 * - 1,000 concurrent one-event appends on distinct streams: `store.appendMany`
 *   (one transaction) vs 1,000 concurrent `store.append` (one each);
 * - sequential commands (one after another), group commit on vs off: the
 *   latency of a lone command must not get worse.
 *
 * Prints figures and ratios; asserts nothing.
 *
 *   npx tsx packages/store-sqlite/bench/group-commit.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandInput, createEngine, type NewEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createSqliteEventStore } from '../src/index';

const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 1_000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'motcua-group-bench-'));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const actor = { id: 'cb-01', role: 'officer' };
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
let file = 0;

function event(i: number): NewEvent {
  const now = new Date().toISOString();
  return {
    type: 'PetitionFiled',
    data: { petitionId: `p${i}`, content: 'Hỏi tiến độ', channel: 'hotline' },
    metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: '2024-03-04T10:00:00+07:00', recordedAt: now, actor },
  };
}

/** An engine on a fresh file with `count` received dossiers (received one by one). */
async function engineWith(groupCommit: boolean, count: number) {
  const store = await createSqliteEventStore({ filename: join(dir, `e${file++}.db`) });
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none', groupCommit: groupCommit ? {} : false });
  const ids = Array.from({ length: count }, () => randomUUID());
  await engine.batch(async () => {
    for (const id of ids)
      await engine.execute({ type: 'ReceiveDossier', commandId: randomUUID(), dossierId: id, actor, procedureCode: '2.002030', unit, applicant: { name: 'A' }, channel: 'direct' });
  });
  return { store, engine, ids };
}

const petition = (dossierId: string, n: number): CommandInput =>
  ({ type: 'FilePetition', commandId: randomUUID(), dossierId, actor, petitionId: `p${n}`, content: 'Hỏi tiến độ', channel: 'hotline' }) as CommandInput;

async function concurrentCommands(groupCommit: boolean): Promise<number> {
  const { store, engine, ids } = await engineWith(groupCommit, CONCURRENT);
  const t = performance.now();
  const results = await Promise.all(ids.map((id, i) => engine.execute(petition(id, i))));
  const ms = performance.now() - t;
  if (results.length !== CONCURRENT) throw new Error('lost commands');
  await store.close();
  return CONCURRENT / (ms / 1000);
}

async function concurrentAppends(many: boolean): Promise<number> {
  const store = await createSqliteEventStore({ filename: join(dir, `a${file++}.db`) });
  const requests = Array.from({ length: CONCURRENT }, (_, i) => ({ streamId: `dossier-${i}`, events: [event(i)], options: { expectedVersion: 'no_stream' as const } }));
  const t = performance.now();
  if (many) {
    const outcomes = await store.appendMany(requests);
    if (!outcomes.every((o) => o.ok)) throw new Error('refused');
  } else await Promise.all(requests.map((r) => store.append(r.streamId, r.events, r.options)));
  const ms = performance.now() - t;
  if ((await store.headPosition()) !== CONCURRENT) throw new Error('lost appends');
  await store.close();
  return CONCURRENT / (ms / 1000);
}

async function sequentialCommands(groupCommit: boolean): Promise<number> {
  const { store, engine, ids } = await engineWith(groupCommit, 50);
  const t = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) await engine.execute(petition(ids[i % ids.length]!, i));
  const ms = performance.now() - t;
  await store.close();
  return ms / SEQUENTIAL;
}

const load = () => loadavg()[0]!.toFixed(1);
console.log(`SQLite group commit (synchronous FULL), ${ROUNDS} interleaved rounds, medians; load at start ${load()}`);
const rows = { on: [] as number[], off: [] as number[], many: [] as number[], each: [] as number[], seqOn: [] as number[], seqOff: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  // alternate which side goes first
  const first = round % 2 === 0;
  rows[first ? 'on' : 'off'].push(await concurrentCommands(first));
  rows[first ? 'off' : 'on'].push(await concurrentCommands(!first));
  rows[first ? 'many' : 'each'].push(await concurrentAppends(first));
  rows[first ? 'each' : 'many'].push(await concurrentAppends(!first));
  rows[first ? 'seqOn' : 'seqOff'].push(await sequentialCommands(first));
  rows[first ? 'seqOff' : 'seqOn'].push(await sequentialCommands(!first));
}
const on = median(rows.on);
const off = median(rows.off);
console.log(`${fmt(CONCURRENT)} concurrent commands on distinct dossiers (engine.execute, FilePetition)`);
console.log(`  group commit on      ${fmt(on)} commands/s   (rounds: ${rows.on.map(fmt).join(', ')})`);
console.log(`  group commit off     ${fmt(off)} commands/s   (rounds: ${rows.off.map(fmt).join(', ')})`);
console.log(`  ratio on / off       ${(on / off).toFixed(1)}×`);
const many = median(rows.many);
const each = median(rows.each);
console.log(`${fmt(CONCURRENT)} concurrent one-event appends on distinct streams`);
console.log(`  store.appendMany     ${fmt(many)} appends/s   (rounds: ${rows.many.map(fmt).join(', ')})`);
console.log(`  store.append each    ${fmt(each)} appends/s   (rounds: ${rows.each.map(fmt).join(', ')})`);
console.log(`  ratio                ${(many / each).toFixed(1)}×`);
const seqOn = median(rows.seqOn);
const seqOff = median(rows.seqOff);
console.log(`${fmt(SEQUENTIAL)} sequential commands (one after another), mean latency`);
console.log(`  group commit on      ${seqOn.toFixed(2)} ms/command   (rounds: ${rows.seqOn.map((x) => x.toFixed(2)).join(', ')})`);
console.log(`  group commit off     ${seqOff.toFixed(2)} ms/command   (rounds: ${rows.seqOff.map((x) => x.toFixed(2)).join(', ')})`);
console.log(`  ratio on / off       ${(seqOn / seqOff).toFixed(2)}  (≤ 1 + noise: a lone command is not delayed)`);
console.log(`load at end ${load()}`);
rmSync(dir, { recursive: true, force: true });
