/**
 * Benchmark of the timeliness projection (report 06a / Decision 766).
 *
 *   npx tsx packages/projections/bench/projections.bench.ts [events=2000000] [memoryEvents=10000000]
 *
 * 1. Rebuild from an in-memory log of N events (default 2,000,000), printed
 *    next to a bare loop over the same events: `foldProjection` (apply only)
 *    and `createProjectionRunner().rebuild()` through the EventStore port.
 * 1b. Checkpoints are cheap: resuming after a crash at 90% of the log vs
 *    rebuilding from scratch (default checkpoints), resuming with a save after
 *    every batch (the old policy, `checkpointCost: 0`) and with the default
 *    cost-based checkpoints. Saves go through JSON like a real store's.
 * 2. Peak memory while folding 10,000,000 events streamed from a generator
 *    (the events are never all in memory): heap, and the projection's state size.
 *
 * Events are synthetic but shaped like the engine's (same types, data and
 * metadata fields): ~10 events per dossier, 10% with a supplement request,
 * 3% withdrawn/stopped, 5% with an apology, spread over a year, 20 units × 6
 * procedures × 3 channels.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { vietnamCalendar, type Due } from '@motcua/calendar';
import type { EventStore, ProjectionSnapshot, StoredEvent } from '@motcua/core';
import { createProjectionRunner, foldProjection, report06a, timelinessProjection } from '@motcua/projections';
import { sampleCatalog } from '@motcua/core/testkit';
import { PAGE_DAYS, SLOTS } from '../src/timeliness/layout';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const N = Number(process.argv[2] ?? 2_000_000);
const MEM_N = Number(process.argv[3] ?? 10_000_000);
const cal = vietnamCalendar();

const UNITS = Array.from({ length: 20 }, (_, i) => ({ code: `000.00.${String(10 + i).padStart(2, '0')}.H56`, name: `Bộ phận Một cửa ${i}` }));
const PROCS = [
  { ref: { code: '1.001193', version: '1' }, limit: { unit: 'sameDay', cutoff: '15:00' } as const, days: 0 },
  { ref: { code: '2.000815', version: '1' }, limit: { unit: 'sameDay', cutoff: '15:00' } as const, days: 0 },
  { ref: { code: '2.002030', version: '1' }, limit: { unit: 'workingDays', value: 3 } as const, days: 3 },
  { ref: { code: '1.003003', version: '1' }, limit: { unit: 'workingDays', value: 15 } as const, days: 15 },
  { ref: { code: '1.009994', version: '1' }, limit: { unit: 'workingDays', value: 15 } as const, days: 15 },
  { ref: { code: '1.003003', version: '1' }, limit: { unit: 'workingDays', value: 15 } as const, days: 15 },
];
const CHANNELS = ['direct', 'online', 'postal'] as const;
const START = Date.UTC(2024, 0, 1) / 86_400_000;
const DAYS = 365;

// Instant strings by (day, half hour), built once.
const instants: string[] = [];
const dates: string[] = [];
for (let d = 0; d < DAYS + 60; d++) {
  const date = new Date((START + d) * 86_400_000).toISOString().slice(0, 10);
  dates.push(date);
  for (let h = 0; h < 48; h++) instants.push(`${date}T${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}:00.000+07:00`);
}
const at = (day: number, slot: number) => instants[day * 48 + (slot % 48)]!;
const dueCache = new Map<string, Due>();
const dueOf = (day: number, days: number): Due => {
  const k = `${day}/${days}`;
  let d = dueCache.get(k);
  if (!d) {
    const date = days === 0 ? dates[day]! : cal.addWorkingDays(dates[day]!, days);
    dueCache.set(k, (d = { date, at: `${date}T17:00:00.000+07:00` }));
  }
  return d;
};
const actor = { id: 'cb-01', role: 'officer' };

let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

/** Events of one dossier (positions filled by the caller). */
function dossierEvents(n: number, perDay: number): StoredEvent[] {
  const id = `dossier-${n.toString(16).padStart(12, '0')}-0000-7000-8000-000000000000`;
  const p = PROCS[n % PROCS.length]!;
  const day = Math.min(DAYS - 1, Math.floor(n / perDay));
  let slot = 16 + Math.floor(rnd() * 18);
  let d = day;
  const out: StoredEvent[] = [];
  const push = (type: string, data: unknown) => {
    out.push({ streamId: id, version: out.length + 1, position: 0, type, data, metadata: { eventId: '', schemaVersion: 1, occurredAt: at(d, slot), recordedAt: '', actor } });
    slot += 1 + Math.floor(rnd() * 3);
    if (slot >= 46) {
      d++;
      slot = 16;
    }
  };
  const r = rnd();
  push('DossierAccepted', {
    procedure: p.ref,
    rulePack: 'nd61-2018',
    unit: UNITS[n % UNITS.length],
    applicant: { name: 'A' },
    channel: CHANNELS[(n >> 3) % 3],
    components: [{ code: 'TK', digitised: r < 0.5, reused: r < 0.2, fromCitizenStore: false }],
    usesPopulationData: r < 0.3,
    dossierCode: 'x',
    limit: p.limit,
    due: dueOf(day, p.days),
    transferDue: dueOf(day, 0),
  });
  push('DossierTransferred', { from: UNITS[0], to: UNITS[1], mode: 'electronic', late: false });
  push('OfficerAssigned', { officer: { id: 'cv-01' } });
  d += Math.floor(rnd() * (p.days + 3));
  if (r < 0.1) {
    push('SupplementRequested', { items: [], reason: 'x', requestNo: 1, lateNotice: false });
    d += 1 + Math.floor(rnd() * 4);
    push('SupplementProvided', { due: dueOf(Math.min(d, DAYS + 30), p.days) });
  }
  if (r > 0.95) push('ApologyIssued', { reason: 'x', lateUnit: 'x', originalDue: dueOf(day, p.days), newDue: dueOf(day, p.days + 3), lateApology: false });
  if (r > 0.97) {
    push('WithdrawalRequested', {});
    push('ProcessingStopped', { reason: 'x', cause: 'withdrawal' });
  } else {
    push('FeeRequested', { items: [], totalVnd: 50000 });
    push('FeePaid', { amountVnd: 50000, method: r < 0.6 ? 'online' : 'counter' });
    push('DossierResolved', { electronicResult: r < 0.4, resultFiles: [] });
    push('ResultReturned', { method: 'counter' });
  }
  push('PortalSynced', { portal: 'dvcqg', nationalStatus: 10 });
  if (r < 0.3) push('DossierRated', { channel: 'kiosk', ratings: [{ criterion: 'c', level: 'Hài lòng' }], vote: r > 0.02 ? 'like' : 'dislike' });
  return out;
}

function* stream(total: number): Generator<StoredEvent> {
  let pos = 0;
  const perDay = Math.max(1, total / 10 / DAYS);
  for (let n = 0; pos < total; n++) {
    for (const e of dossierEvents(n, perDay)) {
      if (pos >= total) return;
      (e as { position: number }).position = ++pos;
      yield e;
    }
  }
}

/** The EventStore port over an array (readBatches slices, like InMemoryEventStore, without copying on append). */
function arrayStore(log: readonly StoredEvent[], saved = new Map<string, string>()): EventStore {
  return {
    async *readBatches(o: { after?: number; to?: number; batchSize?: number } = {}) {
      const size = o.batchSize ?? 1000;
      const end = Math.min(log.length, o.to ?? Infinity);
      for (let i = o.after ?? 0; i < end; i += size) yield log.slice(i, Math.min(end, i + size));
    },
    readAll() {
      throw new Error('not used');
    },
    async headPosition() {
      return log.length;
    },
    async loadProjection<S>(name: string) {
      const s = saved.get(name);
      return s === undefined ? undefined : (JSON.parse(s) as ProjectionSnapshot<S>);
    },
    async saveProjection(name: string, snap: ProjectionSnapshot) {
      saved.set(name, JSON.stringify(snap));
    },
    notifications: { on() {}, off() {} } as never,
  } as unknown as EventStore;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
function best(runs: number, fn: () => void): number {
  let t = Infinity;
  for (let i = 0; i < runs; i++) {
    gc(); // the previous run's state is garbage: do not bill its collection to this run
    const s = performance.now();
    fn();
    t = Math.min(t, performance.now() - s);
  }
  return t;
}

async function rebuildSection(): Promise<void> {
  const t0 = performance.now();
  console.log(`node ${process.version}, ${N.toLocaleString('en-US')} events (${(N / 10).toLocaleString('en-US')}≈ dossiers), calendar ${cal.id}`);
  const log = [...stream(N)];
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const projection = timelinessProjection({ calendar: cal });

  // Bare loop: read every event's type and position (the minimum a projection must do).
  let sink = 0;
  const bare = best(3, () => {
    let n = 0;
    for (let i = 0; i < log.length; i++) {
      const e = log[i]!;
      if (e.type === 'DossierAccepted') n += e.position;
    }
    sink += n;
    if (sink === -1) console.log(sink);
  });
  let state = projection.init();
  const fold = best(3, () => {
    state = foldProjection(projection, log);
  });
  const runner = createProjectionRunner({ store: arrayStore(log), projection, checkpointEvery: Infinity });
  gc();
  const rs = performance.now();
  await runner.rebuild();
  const run = performance.now() - rs;
  const runner2 = createProjectionRunner({ store: arrayStore(log), projection, checkpointEvery: 250_000 });
  gc();
  const rs2 = performance.now();
  await runner2.rebuild();
  const run2 = performance.now() - rs2;
  const eps = (ms: number) => (N / ms) * 1000;
  console.log('');
  console.log(`bare loop                      ${fmt(eps(bare)).padStart(14)} events/s  (${bare.toFixed(0)} ms)`);
  console.log(`rebuild: fold (apply only)     ${fmt(eps(fold)).padStart(14)} events/s  (${fold.toFixed(0)} ms)  ratio to bare loop ${(bare / fold).toFixed(2)}`);
  console.log(`rebuild: runner, batches of 1000, one save at the end   ${fmt(eps(run))} events/s  (${run.toFixed(0)} ms)  ratio ${(bare / run).toFixed(2)}`);
  console.log(`rebuild: runner, batches of 1000, save every 250k events ${fmt(eps(run2))} events/s  (${run2.toFixed(0)} ms)  ratio ${(bare / run2).toFixed(2)}`);
  const q0 = performance.now();
  const catalog = sampleCatalog();
  const rows = report06a(state, { projection, catalog, from: '2024-01-01', to: '2024-12-31', groupBy: ['agency'], splitBy: 'quarter' });
  console.log(
    `06a query (4 quarters × agencies, ${rows.length} rows) ${(performance.now() - q0).toFixed(0)} ms; state: ${state.open.size} open, ${state.tail.size} in tail, ${state.cube.size} cube cells, ${state.dims.length} dims`,
  );
  log.length = 0;
  console.log(`section total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function resumeSection(): Promise<void> {
  const t0 = performance.now();
  const log = [...stream(N)];
  const projection = timelinessProjection({ calendar: cal });
  const cut = Math.floor(N * 0.9);
  // the checkpoint a crashed runner left at 90% of the log
  const base = new Map<string, string>();
  await createProjectionRunner({ store: arrayStore(log.slice(0, cut), base), projection, checkpointEvery: Infinity }).catchUp();
  const stateMb = base.get(projection.name)!.length / 1048576;
  const timed = async (what: string, run: (saved: Map<string, string>) => Promise<unknown>, saved: Map<string, string>) => {
    let saves = 0;
    const counted = new Proxy(saved, {
      get: (m, k) =>
        k === 'set' ? (key: string, v: string) => (saves++, m.set(key, v)) : ((Reflect.get(m, k) as unknown as (...a: unknown[]) => unknown).bind?.(m) ?? Reflect.get(m, k)),
    });
    gc();
    const s0 = performance.now();
    await run(counted);
    const ms = performance.now() - s0;
    console.log(`${what.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms  (${saves} saves)`);
    return ms;
  };
  console.log('');
  console.log(`checkpoints: state ${stateMb.toFixed(1)} MB as JSON; crash at ${cut.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} events; batches of 1000`);
  const scratch = await timed('scratch: rebuild from 0 (default checkpoints)', (m) => createProjectionRunner({ store: arrayStore(log, m), projection }).rebuild(), new Map());
  const resumeOld = await timed(
    'resume from the 90% checkpoint (save after every batch)',
    (m) => createProjectionRunner({ store: arrayStore(log, m), projection, checkpointCost: 0 }).catchUp(),
    new Map(base),
  );
  const resume = await timed(
    'resume from the 90% checkpoint (default checkpoints)',
    (m) => createProjectionRunner({ store: arrayStore(log, m), projection }).catchUp(),
    new Map(base),
  );
  console.log(`resume / scratch: with default checkpoints ${(resume / scratch).toFixed(2)}×; with a save after every batch ${(resumeOld / scratch).toFixed(2)}×`);
  log.length = 0;
  console.log(`section total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function memorySection(): void {
  const t0 = performance.now();
  const projection = timelinessProjection({ calendar: cal });
  let state = projection.init();
  gc();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const ms0 = performance.now();
  let i = 0;
  for (const e of stream(MEM_N)) {
    state = projection.apply(state, e);
    if (++i % 500_000 === 0) {
      const m = process.memoryUsage();
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
      if (m.rss > peakRss) peakRss = m.rss;
    }
  }
  const streamMs = performance.now() - ms0;
  gc();
  const after = process.memoryUsage();
  console.log('');
  console.log(
    `${MEM_N.toLocaleString('en-US')} events streamed from a generator in ${(streamMs / 1000).toFixed(1)} s (generation included: ${fmt((MEM_N / streamMs) * 1000)} events/s)`,
  );
  console.log(
    `  heap before ${mb(base.heapUsed)}, peak sampled ${mb(peakHeap)} (incl. garbage), retained after GC ${mb(after.heapUsed)} → projection state ≈ ${mb(after.heapUsed - base.heapUsed)}; peak RSS ${mb(peakRss)}`,
  );
  console.log(
    `  state: ${state.open.size} open dossiers, ${state.tail.size} recently ended (90-day window), ${state.cube.size} cube pages × ${PAGE_DAYS} days × ${SLOTS} counters, ${state.dims.length} group dimensions`,
  );
  console.log(`section total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const only = process.env.BENCH_SECTION;
if (!only || only === 'rebuild') await rebuildSection();
if (!only || only === 'resume') await resumeSection();
if (!only || only === 'memory') memorySection();
