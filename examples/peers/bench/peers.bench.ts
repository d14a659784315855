/**
 * `pnpm bench peers`: motcua against the published Emmett packages (0.42,
 * installed on first run into a cache folder in the OS temp directory — never
 * a dependency of this repository), the same workloads through each one's
 * public API, on SQLite and on PostgreSQL (a throwaway durable server: fsync,
 * synchronous_commit and full_page_writes on). Default durability on both:
 * SQLite WAL with synchronous=FULL (motcua sets it; Emmett leaves SQLite's
 * default, FULL); PostgreSQL commits wait for the WAL flush on both.
 * Interleaved rounds (the side that goes first alternates), a fresh database
 * per side per round; medians of the rates, and the median of the per-round
 * ratios motcua/Emmett, printed next to issue #16's targets. The global-log
 * read checks every event came back exactly once against a plain
 * `SELECT count(*)` of the peer's table. Prints figures; asserts nothing.
 *
 *   npx -y pnpm@10 bench peers            (PEERS_ROUNDS, PEERS_SEQ, PEERS_CONC, PEERS_WRITES, PEERS_BULK override the sizes)
 *   PEERS_STORES=postgres PEERS_ONLY=appends npx -y pnpm@10 bench peers   (one database; only the append workloads)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres } from '@motcua/store-postgres/testkit';
import pg from 'pg';
import { installEmmett } from '../src/emmett';
import { emmettPostgres, emmettSqlite, motcuaMemory, motcuaPostgres, motcuaSqlite, type Side } from '../src/sides';
import { bulkLoad, concurrentAppends, concurrentCommands, concurrentWriters, readGlobalLog, sequentialAppends, sequentialCommands, type Measured } from '../src/workloads';

const ROUNDS = Number(process.env.PEERS_ROUNDS ?? 3);
// 1,500 sequential appends (about 0.7–1 s a side): with 300 the medians of 3 rounds moved by ±8 % between runs
const SEQ = Number(process.env.PEERS_SEQ ?? 1_500);
const CONC = Number(process.env.PEERS_CONC ?? 1_000);
// per writer, 8 writers: 500 (4,000 appends, about 0.5 s a side) — a run of 60 lasted about 80 ms and moved by ±15 % between runs
const WRITES = Number(process.env.PEERS_WRITES ?? 500);
const BULK = Number(process.env.PEERS_BULK ?? 20_000);
/** `PEERS_STORES=postgres` (or `sqlite`): run only that store's sections; `PEERS_ONLY=appends`: only the append workloads (sequential, concurrent, 8 writers). */
const STORES = (process.env.PEERS_STORES ?? 'sqlite,postgres').split(',');
const ONLY_APPENDS = process.env.PEERS_ONLY === 'appends';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const rate = (m: Measured) => m.ops / (m.ms / 1000);

type Peer = 'motcua' | 'emmett';
/** rates[store][workload][peer] = one rate per round */
const rates = new Map<string, Record<Peer, number[]>>();
/** The same 1,000 concurrent commands on motcua's in-memory store, once per round beside the peers: the command path's ceiling whatever a store does. */
const ceiling: number[] = [];
const reads: string[] = [];
const durability = new Map<string, string>();
function record(key: string, peer: Peer, m: Measured) {
  if (!rates.has(key)) rates.set(key, { motcua: [], emmett: [] });
  rates.get(key)![peer].push(rate(m));
}

async function runOn(store: 'sqlite' | 'postgres', peer: Peer, side: Side, round: number) {
  const tag = `r${round}`;
  durability.set(`${store} ${peer}`, await side.durability());
  await sequentialAppends(side, `${tag}-warm`, 20);
  if (!ONLY_APPENDS) await sequentialCommands(side, 20, 0);
  record(`${store} sequential appends`, peer, await sequentialAppends(side, tag, SEQ));
  record(`${store} 1,000 concurrent appends, distinct streams`, peer, await concurrentAppends(side, tag, CONC));
  if (store === 'postgres') record(`${store} 8 concurrent writers`, peer, await concurrentWriters(side, tag, 8, WRITES));
  if (ONLY_APPENDS) return;
  record(`${store} commands, sequential`, peer, await sequentialCommands(side, SEQ, 1_000));
  record(`${store} 1,000 concurrent commands, distinct dossiers`, peer, await concurrentCommands(side, CONC, 5_000));
  await bulkLoad(side, tag, BULK);
  const expected = await side.count();
  const read = await readGlobalLog(side, expected);
  record(`${store} global log read (events/s)`, peer, read);
  reads.push(`  ${store} round ${round} ${peer.padEnd(6)}: returned ${fmt(read.returned)} of ${fmt(expected)} (count(*)), duplicates ${read.duplicates}, missing ${read.missing}`);
}

const folder = installEmmett();
const dir = mkdtempSync(join(tmpdir(), 'motcua-peers-'));
const server = await startTestPostgres({ durable: true });
const admin = new pg.Pool({ connectionString: server.url, max: 2 });
console.log(
  `peers: motcua (this tree) vs Emmett 0.42 (${folder}); ${ROUNDS} interleaved rounds; load average at start ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order: Peer[] = round % 2 === 0 ? ['motcua', 'emmett'] : ['emmett', 'motcua'];
    for (const peer of STORES.includes('sqlite') ? order : []) {
      const file = join(dir, `${peer}-${round}.db`);
      const side = peer === 'motcua' ? await motcuaSqlite(file) : await emmettSqlite(folder, file);
      try {
        await runOn('sqlite', peer, side, round);
      } finally {
        await side.close();
      }
    }
    if (!ONLY_APPENDS) {
      const side = motcuaMemory();
      await concurrentCommands(side, CONC, 0); // warm, like the peers' untimed first commands
      ceiling.push(rate(await concurrentCommands(side, CONC, 10_000)));
      await side.close();
    }
    for (const peer of STORES.includes('postgres') ? order : []) {
      const database = `peers_${peer}_${round}`;
      await admin.query(`CREATE DATABASE ${database}`);
      const side = peer === 'motcua' ? await motcuaPostgres(server.urlFor(database), 'motcua') : await emmettPostgres(folder, server.urlFor(database));
      try {
        await runOn('postgres', peer, side, round);
      } finally {
        await side.close();
      }
    }
    console.log(`  round ${round + 1}/${ROUNDS} done, load average ${loadavg()[0]!.toFixed(2)}`);
  }

  const targets: Record<string, string> = {
    'sqlite 1,000 concurrent commands, distinct dossiers': 'group commit: ≥ 10× Emmett’s concurrent appends (see below)',
    'postgres 1,000 concurrent commands, distinct dossiers': 'group commit: ≥ 10× Emmett’s concurrent appends (see below)',
    'postgres sequential appends': '≥ 1.5×',
    'postgres 8 concurrent writers': '≥ 2×',
  };
  console.log(`\nmedians of ${ROUNDS} rounds (per second); ratio = median of the per-round ratios motcua/Emmett`);
  console.log(`${'workload'.padEnd(55)} ${'motcua'.padStart(10)} ${'Emmett'.padStart(10)} ${'ratio'.padStart(7)}  target (issue #16)`);
  for (const [key, r] of rates) {
    const ratios = r.motcua.map((m, i) => m / r.emmett[i]!);
    console.log(`${key.padEnd(55)} ${fmt(median(r.motcua)).padStart(10)} ${fmt(median(r.emmett)).padStart(10)} ${median(ratios).toFixed(2).padStart(7)}  ${targets[key] ?? ''}`);
  }
  for (const store of STORES) {
    const commands = rates.get(`${store} 1,000 concurrent commands, distinct dossiers`)?.motcua;
    const appends = rates.get(`${store} 1,000 concurrent appends, distinct streams`)?.emmett;
    if (!commands || !appends) continue;
    const ratios = commands.map((c, i) => c / appends[i]!);
    console.log(
      `${store}: motcua engine.execute ×1,000 concurrent / Emmett appendToStream ×1,000 concurrent = ${median(ratios).toFixed(2)}× (target ≥ 10×: ${median(ratios) >= 10 ? 'met' : 'NOT met'})`,
    );
    // No store can make the commands faster than the engine with nothing durable: if this is under 10×, the target needs a cheaper command path.
    const ceilings = ceiling.map((c, i) => c / appends[i]!);
    console.log(
      `${store}: ceiling — the same commands on the in-memory store (nothing durable, ${fmt(median(ceiling))}/s) / Emmett's concurrent appends = ${median(ceilings).toFixed(2)}×`,
    );
  }
  console.log('\ndurability in force:');
  for (const [who, what] of durability) console.log(`  ${who.padEnd(16)} ${what}`);
  console.log('\nglobal log read, every event exactly once (must be 0 duplicates, 0 missing):');
  for (const line of reads) console.log(line);
  console.log(
    `load average at the end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await admin.end();
  // Emmett keeps pools of its own that its `close()` does not end; when the server stops, their idle clients fail with
  // 57P01 ("terminating connection due to administrator command") and a pool without an 'error' listener would end
  // this process after the figures were printed. Only that error, only from here on, is let pass.
  process.on('uncaughtException', (error) => {
    if ((error as { code?: string }).code !== '57P01') throw error;
  });
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
