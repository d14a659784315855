/**
 * Province → national with PostgreSQL logical replication, on three local
 * clusters: two provincial servers (each a motcua PostgreSQL store fed by the
 * province simulation through `engine.execute`) publish their events; a
 * national server subscribes. The national cluster is stopped in the middle
 * of the run and restarted after more history was written; then:
 * - every provincial event is on the national server exactly once, equal to
 *   what the province's own store reads, and arrived in the province's order;
 * - the national 06a over the union equals the sum of the 06a each province
 *   computes on its own server (the oracle: the provincial reports).
 * Waits poll with a generous overall timeout; nothing is timed.
 */
import { vietnamCalendar } from '@motcua/calendar';
import { createEngine, DOSSIER_STREAM_PREFIX, type StoredEvent } from '@motcua/core';
import type { Report06aRow } from '@motcua/projections';
import { createPostgresEventStore, type PostgresEventStore } from '@motcua/store-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulationCatalog } from '../../province-simulation/src/catalog';
import { buildReport, queryReport, reportProjection, type ProvinceReport } from '../../province-simulation/src/report';
import { runSimulation } from '../../province-simulation/src/run';
import { GIA_LAM, LANG_SON, type Scale } from '../../province-simulation/src/workload';
import { startCluster, type LocalCluster } from '../src/cluster';
import { mergeByTime, readProvince, type NationalEvent } from '../src/national-log';
import { nationalProgress, prepareNational, publishProvince, subscribeProvince, subscriptionsReady } from '../src/replication';

interface Province {
  name: string;
  scale: Scale;
  seed: number;
  cluster?: LocalCluster;
  pool?: pg.Pool;
  store?: PostgresEventStore;
}

const provinces: Province[] = [
  { name: 'lang_son', scale: LANG_SON, seed: 31 },
  { name: 'ha_noi', scale: GIA_LAM, seed: 57 },
];
const calendar = vietnamCalendar();
const catalog = simulationCatalog();
const PERIOD = { from: '2021-03-01', to: '2021-04-30' };
let national: LocalCluster | undefined;
let nationalPool: pg.Pool | undefined;

const makePool = (url: string) => {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined); // idle clients die when the national server is stopped on purpose
  return pool;
};

/** Poll `check` until it returns true (every `everyMs`), failing after `overallMs` with `what`. */
async function until(what: string, check: () => Promise<boolean>, overallMs = 240_000, everyMs = 250): Promise<void> {
  const deadline = Date.now() + overallMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function simulateOn(province: Province, part: { from: string; to: string; dossiers: number; seed: number }) {
  const engine = createEngine({ store: province.store!, catalog, calendar, cacheSize: 2_000, policy: 'none' }); // trusted simulated history
  const stats = await runSimulation({ engine, scale: province.scale, calendar, batchSize: 40, ...part });
  expect(stats.failures).toEqual([]);
  return stats;
}

async function provincialLog(province: Province): Promise<StoredEvent[]> {
  await province.store!.waitUntilReadable();
  const events: StoredEvent[] = [];
  for await (const batch of province.store!.readBatches({ batchSize: 5_000 })) events.push(...batch);
  return events;
}

async function nationalLog(name: string): Promise<NationalEvent[]> {
  const out: NationalEvent[] = [];
  for await (const batch of readProvince(nationalPool!, name)) out.push(...batch);
  return out;
}

beforeAll(async () => {
  for (const province of provinces) {
    province.cluster = await startCluster({ publisher: true });
    province.pool = makePool(province.cluster.server.url);
    province.store = await createPostgresEventStore({ pool: province.pool, schema: province.name });
    await publishProvince(province.pool, province.name);
  }
  national = await startCluster({ publisher: false });
  nationalPool = makePool(national.server.url);
  for (const province of provinces) {
    await prepareNational(nationalPool, province.name);
    await subscribeProvince(nationalPool, province.name, province.cluster!.conninfo);
  }
  // the (empty) initial copy done: from here on every provincial transaction streams through the apply worker
  await until('the subscriptions to be ready', () => subscriptionsReady(nationalPool!));
}, 600_000); // three clusters on a busy machine: generous, nothing is timed

afterAll(async () => {
  await nationalPool?.end().catch(() => undefined);
  for (const province of provinces) {
    await province.store?.close().catch(() => undefined);
    await province.pool?.end().catch(() => undefined);
  }
  for (const cluster of [national, ...provinces.map((p) => p.cluster)]) await cluster?.destroy().catch(() => undefined);
}, 300_000);

describe('logical replication: two provinces, one national server', () => {
  it('delivers every provincial event once, in provincial order, across a restart of the national server; national 06a = sum of provincial 06a', async () => {
    // March: both provinces at once, in batches of 40 commands; the national server is stopped once it has seen both.
    const march = Promise.all(provinces.map((p) => simulateOn(p, { from: '2021-03-01', to: '2021-03-31', dossiers: 120, seed: p.seed })));
    await until('the first replicated events of both provinces', async () => {
      for (const p of provinces) if ((await nationalProgress(nationalPool!, p.name)).events === 0) return false;
      return true;
    });
    national!.halt();
    const seenBeforeStop = await Promise.all(provinces.map((p) => p.pool!.query<{ n: string }>(`SELECT count(*) AS n FROM ${p.name}.events`)));
    await march;
    // April, written while the national server is down.
    await Promise.all(provinces.map((p) => simulateOn(p, { from: '2021-04-01', to: '2021-04-30', dossiers: 80, seed: p.seed + 1 })));
    const logs = await Promise.all(provinces.map(provincialLog));
    // more was appended after the stop than before it (the restart is really "mid-stream")
    for (const [i, log] of logs.entries()) expect(log.length).toBeGreaterThan(Number(seenBeforeStop[i]!.rows[0]!.n));
    national!.resume();
    await until('the national server to catch up', async () => {
      for (const [i, p] of provinces.entries()) {
        const progress = await nationalProgress(nationalPool!, p.name);
        if (progress.events < logs[i]!.length) return false;
      }
      return true;
    });

    const streamsOf = (events: readonly StoredEvent[]) => new Set(events.map((e) => e.streamId));
    const [first, second] = logs.map(streamsOf);
    expect([...first!].filter((s) => second!.has(s))).toEqual([]); // the provinces' dossiers are distinct (precondition of the union)

    for (const [i, p] of provinces.entries()) {
      const provincial = logs[i]!;
      const arrived = await nationalLog(p.name);
      // exactly once, the same events (by provincial position, what the province's own reader returns)
      expect(arrived.length).toBe(provincial.length);
      expect([...arrived].sort((a, b) => a.event.position - b.event.position).map((e) => e.event)).toEqual(provincial);
      // in the province's commit order: each provincial transaction arrived whole (consecutive in applied order,
      // positions ascending inside), and transactions arrived in the order of their commit timestamps on the province
      const { rows: national } = await nationalPool!.query<{ position: string; xid: string }>(
        `SELECT position, transaction_id::text AS xid FROM ${p.name}.events ORDER BY national_xid, position`,
      );
      const { rows: commits } = await p.pool!.query<{ xid: string; at: string }>(
        `SELECT DISTINCT transaction_id::text AS xid, (extract(epoch FROM pg_xact_commit_timestamp(transaction_id::text::xid)) * 1000000)::bigint::text AS at FROM ${p.name}.events`,
      );
      const commitAt = new Map(commits.map((c) => [c.xid, c.at]));
      const transactions: { xid: string; positions: number[] }[] = [];
      for (const row of national) {
        const last = transactions[transactions.length - 1];
        if (last?.xid === row.xid) last.positions.push(Number(row.position));
        else transactions.push({ xid: row.xid, positions: [Number(row.position)] });
      }
      expect(transactions.length).toBe(commitAt.size); // no transaction split by the replication
      for (const t of transactions) expect(t.positions).toEqual([...t.positions].sort((a, b) => a - b));
      const order = transactions.map((t) => commitAt.get(t.xid)!);
      expect(order.every((at, k) => k === 0 || BigInt(at) >= BigInt(order[k - 1]!))).toBe(true);
      // each dossier's events arrived in version order, from 1 without gaps
      const versions = new Map<string, number>();
      for (const { event } of arrived) {
        expect(event.version).toBe((versions.get(event.streamId) ?? 0) + 1);
        versions.set(event.streamId, event.version);
      }
    }

    // National reports over the union, merged by business time.
    const projection = reportProjection(calendar);
    let state = projection.init();
    let applied = 0;
    for await (const { event } of mergeByTime(provinces.map((p) => readProvince(nationalPool!, p.name)))) {
      if (!event.streamId.startsWith(DOSSIER_STREAM_PREFIX)) continue;
      state = projection.apply(state, event);
      applied++;
    }
    expect(applied).toBe(logs.flat().filter((e) => e.streamId.startsWith(DOSSIER_STREAM_PREFIX)).length);
    const nationalReport = queryReport(state, { catalog, calendar, ...PERIOD });
    const provincial: ProvinceReport[] = [];
    for (const p of provinces) provincial.push(await buildReport({ store: p.store!, catalog, calendar, ...PERIOD }));

    const byUnit = (rows: readonly Report06aRow[]) => [...rows].sort((a, b) => String(a.group.unit).localeCompare(String(b.group.unit)));
    expect(byUnit(nationalReport.report06a.units)).toEqual(byUnit(provincial.flatMap((r) => r.report06a.units)));
    const totals = provincial.map((r) => r.report06a.total!);
    expect(totals.every((t) => t.received.total > 0 && t.resolved.total > 0)).toBe(true); // both provinces really report something
    const sum = (pick: (row: Report06aRow) => number) => totals.reduce((n, row) => n + pick(row), 0);
    const total = nationalReport.report06a.total!;
    for (const key of ['total', 'online', 'directOrPostal', 'carriedOver'] as const) expect(total.received[key]).toBe(sum((r) => r.received[key]));
    for (const key of ['total', 'early', 'onTime', 'late'] as const) expect(total.resolved[key]).toBe(sum((r) => r.resolved[key]));
    for (const key of ['total', 'withinTime', 'overdue'] as const) expect(total.pending[key]).toBe(sum((r) => r.pending[key]));
    for (const key of ['total', 'refused', 'withdrawn', 'stopped', 'closed', 'waitingForCitizen'] as const) expect(total.other[key]).toBe(sum((r) => r.other[key]));
    const resolved = sum((r) => r.resolved.total);
    expect(total.onTimeRate).toBeCloseTo((sum((r) => r.resolved.early) + sum((r) => r.resolved.onTime)) / resolved, 4); // the report rounds to 4 decimals
  }, 900_000); // the simulations and the catch-up polls (at most 4 minutes each) on a machine shared with other work
});
