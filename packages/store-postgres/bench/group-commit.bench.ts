/**
 * Group commit and the one-round-trip append on PostgreSQL (issue #16.1,
 * #16.2), on a throwaway durable server (fsync, synchronous_commit and
 * full_page_writes on) over loopback. In the same run, interleaved rounds,
 * medians:
 *
 * - sequential appends (one writer, one event each, expected version known);
 * - 8 concurrent writers (read the stream version, append one event);
 * - 1,000 concurrent one-event appends on distinct streams (`store.append`
 *   each, and one `store.appendMany`);
 * - sequential commands through `engine.execute`, group commit on vs off
 *   (a lone command must not wait);
 * - 1,000 concurrent commands on distinct dossiers through `engine.execute`,
 *   group commit on vs off (off: the engine calls `store.append` per
 *   command — which this store still coalesces, leader/follower — so the
 *   baseline build, one transaction per command, is the true "before").
 *
 * `BENCH_BASELINE=<path to another build's src/index.ts>` runs the first
 * three on that adapter too (e.g. the multi-statement append of an earlier
 * commit) and prints the ratios. Prints figures; asserts nothing.
 *
 *   npx tsx packages/store-postgres/bench/group-commit.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { type CommandInput, createEngine, type EventStore, type NewEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createPostgresEventStore } from '../src/index';
import { startTestPostgres } from '../src/testkit/index';

const WRITERS = 8;
const SEQUENTIAL = Number(process.env.BENCH_PG_SEQUENTIAL ?? 500);
const PER_WRITER = Number(process.env.BENCH_PG_APPENDS ?? 150);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => loadavg()[0]!.toFixed(1);
const actor = { id: 'cb-01', role: 'officer' };

type Open = (pool: pg.Pool, schema: string) => Promise<EventStore>;
const current: Open = (pool, schema) => createPostgresEventStore({ pool, schema, pollIntervalMs: 0 });
const baselinePath = process.env.BENCH_BASELINE;
const baseline: Open | undefined = baselinePath
  ? async (pool, schema) => {
      const module = (await import(baselinePath)) as { createPostgresEventStore: typeof createPostgresEventStore };
      return module.createPostgresEventStore({ pool, schema, pollIntervalMs: 0 });
    }
  : undefined;

function event(i: number): NewEvent {
  const now = new Date().toISOString();
  return {
    type: 'PetitionFiled',
    data: { petitionId: `p${i}`, content: 'Hỏi tiến độ', channel: 'hotline' },
    metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: '2024-03-04T10:00:00+07:00', recordedAt: now, actor },
  };
}

const server = await startTestPostgres({ durable: true });
const pool = new pg.Pool({ connectionString: server.url, max: 20 });
pool.on('error', () => undefined); // idle clients told the server is stopping
let schemas = 0;
const schema = () => `bench_${schemas++}`;

async function sequential(open: Open): Promise<number> {
  const store = await open(pool, schema());
  let version = 0;
  const t = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) version = (await store.append(`dossier-${i % 20}`, [event(i)], { expectedVersion: 'any' })).nextExpectedVersion;
  const ms = performance.now() - t;
  await store.close();
  return version >= 0 ? SEQUENTIAL / (ms / 1000) : 0;
}

async function writers(open: Open): Promise<number> {
  const store = await open(pool, schema());
  const t = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let k = 0; k < PER_WRITER; k++) {
        const streamId = `dossier-${w}-${k % 50}`;
        const { version } = await store.readStream(streamId, { fromVersion: Number.MAX_SAFE_INTEGER });
        await store.append(streamId, [event(k)], { expectedVersion: version });
      }
    }),
  );
  const ms = performance.now() - t;
  await store.close();
  return (WRITERS * PER_WRITER) / (ms / 1000);
}

async function concurrentAppends(open: Open, many: boolean): Promise<number> {
  const store = await open(pool, schema());
  const requests = Array.from({ length: CONCURRENT }, (_, i) => ({ streamId: `dossier-${i}`, events: [event(i)], options: { expectedVersion: 'no_stream' as const } }));
  const t = performance.now();
  if (many) {
    const outcomes = await store.appendMany!(requests);
    if (!outcomes.every((o) => o.ok)) throw new Error('refused');
  } else await Promise.all(requests.map((r) => store.append(r.streamId, r.events, r.options)));
  const ms = performance.now() - t;
  await store.close();
  return CONCURRENT / (ms / 1000);
}

/** Mean latency of commands run one after another (ms), on 20 received dossiers. */
async function sequentialCommands(groupCommit: boolean, open: Open = current): Promise<number> {
  const store = await open(pool, schema());
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none', groupCommit: groupCommit ? {} : false });
  const ids = Array.from({ length: 20 }, () => randomUUID());
  for (const id of ids)
    await engine.execute({
      type: 'ReceiveDossier',
      commandId: randomUUID(),
      dossierId: id,
      actor,
      procedureCode: '2.002030',
      unit: { code: '000.00.06.H56', name: 'Một cửa' },
      applicant: { name: 'A' },
      channel: 'direct',
    });
  const count = Math.max(20, Math.floor(SEQUENTIAL / 2));
  const t = performance.now();
  for (let i = 0; i < count; i++)
    await engine.execute({
      type: 'FilePetition',
      commandId: randomUUID(),
      dossierId: ids[i % ids.length]!,
      actor,
      petitionId: `q${i}`,
      content: 'x',
      channel: 'hotline',
    } as CommandInput);
  const ms = performance.now() - t;
  await store.close();
  return ms / count;
}

async function concurrentCommands(groupCommit: boolean, open: Open = current): Promise<number> {
  const store = await open(pool, schema());
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none', groupCommit: groupCommit ? {} : false });
  const ids = Array.from({ length: CONCURRENT }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 100)
    await Promise.all(
      ids.slice(i, i + 100).map((id) =>
        engine.execute({
          type: 'ReceiveDossier',
          commandId: randomUUID(),
          dossierId: id,
          actor,
          procedureCode: '2.002030',
          unit: { code: '000.00.06.H56', name: 'Một cửa' },
          applicant: { name: 'A' },
          channel: 'direct',
        }),
      ),
    );
  const t = performance.now();
  await Promise.all(
    ids.map((id, i) =>
      engine.execute({ type: 'FilePetition', commandId: randomUUID(), dossierId: id, actor, petitionId: `p${i}`, content: 'x', channel: 'hotline' } as CommandInput),
    ),
  );
  const ms = performance.now() - t;
  await store.close();
  return CONCURRENT / (ms / 1000);
}

try {
  console.log(`PostgreSQL (durable: fsync on), loopback, ${ROUNDS} interleaved rounds, medians; load at start ${load()}${baseline ? `; baseline ${baselinePath}` : ''}`);
  const r: Record<string, number[]> = {};
  const add = (key: string, value: number) => (r[key] ??= []).push(value);
  for (let round = 0; round < ROUNDS; round++) {
    add('seq', await sequential(current));
    if (baseline) add('seqBase', await sequential(baseline));
    add('writers', await writers(current));
    if (baseline) add('writersBase', await writers(baseline));
    add('each', await concurrentAppends(current, false));
    add('many', await concurrentAppends(current, true));
    if (baseline) add('eachBase', await concurrentAppends(baseline, false));
    const first = round % 2 === 0;
    add(first ? 'on' : 'off', await concurrentCommands(first));
    add(first ? 'off' : 'on', await concurrentCommands(!first));
    if (baseline) add('engineBase', await concurrentCommands(true, baseline));
    add(first ? 'seqOn' : 'seqOff', await sequentialCommands(first));
    add(first ? 'seqOff' : 'seqOn', await sequentialCommands(!first));
    if (baseline) add('seqBaseCmd', await sequentialCommands(true, baseline));
  }
  const line = (label: string, key: string, unit: string) =>
    console.log(`  ${label.padEnd(34)} ${fmt(median(r[key]!)).padStart(7)} ${unit}   (rounds: ${r[key]!.map(fmt).join(', ')})`);
  const ratio = (a: string, b: string) => (r[a] && r[b] ? `${(median(r[a]!) / median(r[b]!)).toFixed(2)}×` : 'n/a');
  console.log(`sequential appends (1 writer, ${SEQUENTIAL} one-event appends)`);
  line('store.append (1 round trip)', 'seq', 'appends/s');
  if (baseline) line('baseline store.append', 'seqBase', 'appends/s');
  if (baseline) console.log(`  ratio                              ${ratio('seq', 'seqBase')}`);
  console.log(`${WRITERS} concurrent writers (read version + append 1 event, ${PER_WRITER} each)`);
  line('store', 'writers', 'appends/s');
  if (baseline) line('baseline store', 'writersBase', 'appends/s');
  if (baseline) console.log(`  ratio                              ${ratio('writers', 'writersBase')}`);
  console.log(`${fmt(CONCURRENT)} concurrent one-event appends on distinct streams`);
  line('store.append each', 'each', 'appends/s');
  line('store.appendMany (one call)', 'many', 'appends/s');
  if (baseline) line('baseline store.append each', 'eachBase', 'appends/s');
  console.log(`${fmt(CONCURRENT)} concurrent commands on distinct dossiers (engine.execute, FilePetition)`);
  line('group commit on', 'on', 'commands/s');
  line('group commit off', 'off', 'commands/s');
  console.log(`  ratio on / off                     ${ratio('on', 'off')}`);
  if (baseline) line('baseline store (no appendMany)', 'engineBase', 'commands/s');
  if (baseline) console.log(`  ratio on / baseline                ${ratio('on', 'engineBase')}`);
  const ms = (key: string) => `${median(r[key]!).toFixed(2)} ms   (rounds: ${r[key]!.map((x) => x.toFixed(2)).join(', ')})`;
  console.log('sequential commands (one after another), mean latency');
  console.log(`  group commit on                    ${ms('seqOn')}`);
  console.log(`  group commit off                   ${ms('seqOff')}`);
  if (baseline) console.log(`  baseline store                     ${ms('seqBaseCmd')}`);
  console.log(`load at end ${load()}`);
} finally {
  await pool.end();
  await server.stop();
}
