/**
 * `pnpm bench national`: logical replication throughput and lag, province →
 * national, on three local clusters (provinces durable: fsync and
 * synchronous_commit on; the national cluster too). Each province's motcua
 * store takes appends from 4 concurrent writers (batches of 10 events) while
 * the national server applies them; a poller samples how far behind the
 * national copy is (events, and WAL bytes the provincial slot still holds).
 * Prints figures; asserts nothing.
 *
 *   npx -y pnpm@10 bench national      (NATIONAL_EVENTS per province, default 20,000)
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { vietnamCalendar } from '@motcua/calendar';
import { createEngine, type NewEvent } from '@motcua/core';
import { createPostgresEventStore, type PostgresEventStore } from '@motcua/store-postgres';
import pg from 'pg';
import { simulationCatalog } from '../../province-simulation/src/catalog';
import { runSimulation } from '../../province-simulation/src/run';
import { LANG_SON } from '../../province-simulation/src/workload';
import { startCluster, type LocalCluster } from '../src/cluster';
import { nationalProgress, prepareNational, publishProvince, slotLagBytes, subscribeProvince, subscriptionsReady } from '../src/replication';

const EVENTS = Number(process.env.NATIONAL_EVENTS ?? 20_000);
const WRITERS = 4;
const BATCH = 10;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const names = ['lang_son', 'cao_bang'];

function batch(k: number): NewEvent[] {
  const now = new Date().toISOString();
  return Array.from({ length: BATCH }, (_, i) => ({
    type: 'DossierReceived',
    data: { procedure: '1.003003', applicant: { name: 'Nguyễn Văn An' }, k, i },
    metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: now, recordedAt: now },
  }));
}

const clusters: LocalCluster[] = [];
const pools: pg.Pool[] = [];
const stores: PostgresEventStore[] = [];
console.log(
  `load average at start ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
try {
  for (const name of names) {
    const cluster = await startCluster({ publisher: true, durable: true });
    clusters.push(cluster);
    const pool = new pg.Pool({ connectionString: cluster.server.url, max: WRITERS + 2 });
    pools.push(pool);
    stores.push(await createPostgresEventStore({ pool, schema: name }));
    await publishProvince(pool, name);
  }
  const national = await startCluster({ publisher: false, durable: true });
  clusters.push(national);
  const nationalPool = new pg.Pool({ connectionString: national.server.url, max: 2 });
  pools.push(nationalPool);
  for (const [i, name] of names.entries()) {
    await prepareNational(nationalPool, name);
    await subscribeProvince(nationalPool, name, clusters[i]!.conninfo);
  }
  while (!(await subscriptionsReady(nationalPool))) await new Promise((r) => setTimeout(r, 100));

  let writing = true;
  let maxLagEvents = 0;
  let maxLagBytes = 0;
  const written = names.map(() => 0);
  const sampler = (async () => {
    while (writing) {
      const behind = await Promise.all(names.map(async (name, i) => written[i]! - (await nationalProgress(nationalPool, name)).events));
      maxLagEvents = Math.max(maxLagEvents, ...behind);
      maxLagBytes = Math.max(maxLagBytes, ...(await Promise.all(pools.slice(0, names.length).map(slotLagBytes))));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = performance.now();
  await Promise.all(
    names.flatMap((_, p) =>
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let k = 0; k < EVENTS / BATCH / WRITERS; k++) {
          await stores[p]!.append(`dossier-${w}-${k}`, batch(k), { expectedVersion: 'no_stream' });
          written[p]! += BATCH;
        }
      }),
    ),
  );
  const writtenMs = performance.now() - t0;
  writing = false;
  await sampler;
  const total = written.reduce((a, b) => a + b, 0);
  for (;;) {
    const have = await Promise.all(names.map((name) => nationalProgress(nationalPool, name)));
    if (have.every((h, i) => h.events >= written[i]!)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const caughtUpMs = performance.now() - t0;
  console.log(`2 provinces × ${fmt(EVENTS)} events (${WRITERS} writers each, ${BATCH} events per append), durable clusters, one machine`);
  console.log(`  provincial appends          ${fmt(total / (writtenMs / 1000))} events/s over both provinces (${fmt(writtenMs)} ms)`);
  console.log(`  national copy complete      ${fmt(caughtUpMs)} ms after the first append: ${fmt(total / (caughtUpMs / 1000))} events/s end to end`);
  console.log(`  catch-up after the last commit  ${fmt(caughtUpMs - writtenMs)} ms`);
  console.log(`  largest lag sampled (every ~100 ms): ${fmt(maxLagEvents)} events, ${fmt(maxLagBytes / 1024)} KiB of WAL held by a slot`);
  // Bytes per event of realistic history: the province simulation (engine.execute, real events) into a schema of its own.
  const simulated = await createPostgresEventStore({ pool: pools[0]!, schema: 'bytes_probe' });
  stores.push(simulated);
  const calendar = vietnamCalendar();
  const engine = createEngine({ store: simulated, catalog: simulationCatalog(), calendar, policy: 'none' }); // trusted simulated history
  await runSimulation({ engine, scale: LANG_SON, dossiers: 1_000, from: '2021-03-01', to: '2021-04-30', seed: 7, calendar });
  const { rows } = await pools[0]!.query<{ n: string; bytes: string; data: string }>(
    `SELECT count(*) AS n, pg_total_relation_size('bytes_probe.events') AS bytes, sum(pg_column_size(data) + pg_column_size(metadata)) AS data FROM bytes_probe.events`,
  );
  const n = Number(rows[0]!.n);
  console.log(
    `  simulated history (1,000 Lạng Sơn dossiers, ${fmt(n)} events, ${(n / 1000).toFixed(2)} events a dossier): ${fmt(Number(rows[0]!.bytes) / n)} bytes per event on disk (table + indexes), of which jsonb data + metadata ${fmt(Number(rows[0]!.data) / n)}`,
  );
  console.log(
    `load average at the end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const s of stores) await s.close().catch(() => undefined);
  for (const p of pools) await p.end().catch(() => undefined);
  for (const c of clusters.reverse()) await c.destroy().catch(() => undefined);
}
