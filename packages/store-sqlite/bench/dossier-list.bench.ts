/**
 * The dossier list (issue #15 item 1) at 1,000,000 dossiers on SQLite: builds
 * the rows, then times each query kind (median of N runs with varied
 * parameters) and prints whether it is under 50 ms. Asserts nothing.
 *
 *   npx tsx packages/store-sqlite/bench/dossier-list.bench.ts
 *   BENCH_DOSSIERS=200000 BENCH_RUNS=11 npx tsx packages/store-sqlite/bench/dossier-list.bench.ts
 *
 * The rows are written directly with the table's `write` (the follower's own
 * write path: INSERT OR REPLACE of whole rows + checkpoint, 50,000 rows per
 * transaction) rather than by replaying ~15 million events through the
 * engine: a row is a function of its dossier's state only, and the follower
 * ends by writing exactly such rows, so the table, its indexes and therefore
 * the query plans and timings are the same as after a catch-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldVietnamese, localDateOf, toVietnamInstant, type DossierListQuery, type DossierListRow, type DossierListTable } from '@motcua/core';
import { createSqliteDossierList, createSqliteEventStore } from '../src/index';

const N = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const UNITS = Array.from({ length: 40 }, (_, i) => `000.00.${String(i + 1).padStart(2, '0')}.H56`);
const OFFICERS = Array.from({ length: 400 }, (_, i) => `cv-${String(i).padStart(3, '0')}`);
const PROCEDURES = Array.from({ length: 60 }, (_, i) => `1.00${String(1000 + i)}`);
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Ngọc', 'Xuân', 'Hoài'];
const GIVEN = [
  'An',
  'Anh',
  'Bình',
  'Châu',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hiếu',
  'Hoa',
  'Hùng',
  'Hương',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Nam',
  'Nga',
  'Phúc',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trang',
  'Tuấn',
  'Việt',
  'Yến',
];
const STATES: [string, string, number, boolean][] = [
  ['returned', 'returned', 10, false],
  ['resolved', 'resolved', 9, false],
  ['processing.appraisal', 'processing', 4, true],
  ['received', 'received', 2, true],
  ['supplementRequested', 'supplementRequested', 5, true],
  ['feeRequested', 'feeRequested', 6, true],
];
const NOW = Date.parse('2026-11-30T09:00:00+07:00');
const DAY = 86_400_000;

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;

function row(i: number): DossierListRow {
  const unit = pick(UNITS);
  const received = NOW - Math.floor(rand() * 730 * DAY);
  const recent = NOW - received < 30 * DAY;
  // 85 % finished; most open dossiers are recent
  const [state, topLevel, status, open] = recent ? pick(STATES) : rand() < 0.97 ? STATES[rand() < 0.5 ? 0 : 1]! : pick(STATES);
  const due = received + Math.floor((3 + rand() * 25) * DAY);
  const receivedAt = toVietnamInstant(received);
  const dueAt = toVietnamInstant(due);
  const name = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
  const officer = pick(OFFICERS);
  return {
    dossierId: `d${String(i).padStart(8, '0')}`,
    code: `${unit}-${receivedAt.slice(2, 4)}${receivedAt.slice(5, 7)}${receivedAt.slice(8, 10)}-${String(i % 10_000).padStart(4, '0')}`,
    unit,
    handlingUnit: unit,
    procedure: pick(PROCEDURES),
    state,
    topLevel,
    nationalStatus: status as DossierListRow['nationalStatus'],
    officer,
    channel: pick(['direct', 'online', 'online', 'postal']),
    receivedAt,
    receivedMs: received,
    dueDate: localDateOf(dueAt),
    dueAt,
    dueMs: due,
    open,
    awaitingSignature: open && state === 'processing.appraisal' && rand() < 0.3,
    step: null,
    assignee: null,
    stepDueAt: null,
    holder: officer,
    applicantName: name,
    applicantFolded: foldVietnamese(name),
    idNumber: `0010${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
    version: 5 + Math.floor(rand() * 20),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'motcua-dossier-list-'));
const store = await createSqliteEventStore({ filename: join(dir, 'list.db'), synchronous: 'NORMAL' });
const table: DossierListTable = createSqliteDossierList(store);
const sample: DossierListRow[] = [];
let t0 = performance.now();
for (let i = 0; i < N; i += 50_000) {
  const rows = Array.from({ length: Math.min(50_000, N - i) }, (_, k) => row(i + k));
  for (let k = 0; k < rows.length; k += 997) sample.push(rows[k]!);
  await table.write(rows, i + rows.length);
}
store.db.exec('ANALYZE');
console.log(`built ${N.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const now = toVietnamInstant(NOW);
type Kind = [string, (r: DossierListRow, n: number) => Promise<unknown>];
const list = (q: DossierListQuery) => table.list(q);
const deep = async (q: DossierListQuery, pages: number) => {
  let after: string | undefined;
  for (let p = 0; p < pages; p++) after = (await table.list({ ...q, ...(after ? { after } : {}) })).nextCursor;
  const t = performance.now();
  await table.list({ ...q, ...(after ? { after } : {}) });
  return performance.now() - t;
};
const kinds: Kind[] = [
  ['unit, open, by due (page 1)', (r) => list({ filter: { unit: r.unit!, open: true }, sort: { by: 'due', dir: 'asc' } })],
  ['unit, by received desc (page 1)', (r) => list({ filter: { unit: r.unit! }, sort: { by: 'receivedAt', dir: 'desc' } })],
  ['worklist mine (officer)', (r) => table.worklist({ officer: r.officer! }, 'mine', now)],
  ['worklist dueToday (unit)', (r) => table.worklist({ unit: r.unit! }, 'dueToday', now)],
  ['worklist dueToday (officer)', (r) => table.worklist({ officer: r.officer! }, 'dueToday', now)],
  ['worklist overdue (unit)', (r) => table.worklist({ unit: r.unit! }, 'overdue', now)],
  ['worklist overdue (officer)', (r) => table.worklist({ officer: r.officer! }, 'overdue', now)],
  ['worklist awaitingSignature (unit)', (r) => table.worklist({ unit: r.unit! }, 'awaitingSignature', now)],
  ['search name (folded prefix, full name)', (r) => list({ filter: { name: foldVietnamese(r.applicantName!) }, sort: { by: 'receivedAt', dir: 'desc' } })],
  ['search name + unit', (r) => list({ filter: { name: r.applicantName!.split(' ').slice(0, 2).join(' '), unit: r.unit! }, sort: { by: 'receivedAt', dir: 'desc' } })],
  ['search code exact', (r) => list({ filter: { code: r.code! }, sort: { by: 'code', dir: 'asc' } })],
  ['search code prefix (unit-day)', (r) => list({ filter: { code: r.code!.slice(0, 20) }, sort: { by: 'code', dir: 'asc' } })],
  ['search ID number', (r) => list({ filter: { idNumber: r.idNumber! }, sort: { by: 'receivedAt', dir: 'desc' } })],
  [
    'procedure + received between, desc',
    (r) =>
      list({
        filter: { procedure: r.procedure!, receivedFrom: toVietnamInstant(r.receivedMs! - 30 * DAY), receivedTo: toVietnamInstant(r.receivedMs!) },
        sort: { by: 'receivedAt', dir: 'desc' },
      }),
  ],
  ['status + channel, by code', (r) => list({ filter: { status: 4, channel: r.channel as 'online' }, sort: { by: 'code', dir: 'asc' } })],
  ['status + unit, by received desc', (r) => list({ filter: { status: 4, unit: r.unit! }, sort: { by: 'receivedAt', dir: 'desc' } })],
  ['overdue everywhere (page 1)', () => list({ filter: { overdueAt: now }, sort: { by: 'due', dir: 'asc' } })],
  ['no filter, by due', () => list({ sort: { by: 'due', dir: 'asc' } })],
  ['due before, by due', (r) => list({ filter: { dueBefore: toVietnamInstant(r.dueMs!) }, sort: { by: 'due', dir: 'desc' } })],
];
console.log(`\nquery kind | median ms (of ${RUNS}) | < 50 ms`);
for (const [name, run] of kinds) {
  const times: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    const r = sample[(n * 7919) % sample.length]!;
    t0 = performance.now();
    await run(r, n);
    times.push(performance.now() - t0);
  }
  const m = median(times);
  console.log(`${name} | ${m.toFixed(2)} | ${m < 50 ? 'yes' : 'NO'}`);
}
const deepTimes: number[] = [];
for (let n = 0; n < Math.min(RUNS, 7); n++) deepTimes.push(await deep({ filter: { unit: sample[n]!.unit! }, sort: { by: 'receivedAt', dir: 'desc' } }, 50));
const md = median(deepTimes);
console.log(`page 51 by cursor (unit, received desc) | ${md.toFixed(2)} | ${md < 50 ? 'yes' : 'NO'}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
