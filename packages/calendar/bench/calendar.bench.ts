/**
 * Throughput of addWorkingDays / computeDue against a naive day-by-day loop,
 * measured in the same run. Run: `npx tsx packages/calendar/bench/calendar.bench.ts`
 */
import { computeDue, vietnamCalendar } from '../src/index';
import type { TimeLimit } from '../src/index';

const cal = vietnamCalendar();
const N = 1 << 16;
const MASK = N - 1;

// Deterministic inputs (LCG) across 2020–2026.
let seed = 42;
const rnd = (k: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % k;
};
const base = Date.UTC(2020, 0, 1);
const days: string[] = [];
const instants: string[] = [];
const ns: number[] = [];
for (let i = 0; i < N; i++) {
  const t = base + rnd(2500) * 86_400_000;
  const d = new Date(t).toISOString().slice(0, 10);
  days.push(d);
  instants.push(`${d}T${String(7 + rnd(10)).padStart(2, '0')}:${String(rnd(60)).padStart(2, '0')}:00+07:00`);
  ns.push(1 + rnd(30));
}
// Inputs arrive flat from JSON / a database; template literals would leave V8 cons-strings, slow to index.
const flat = (xs: string[]): string[] => JSON.parse(JSON.stringify(xs)) as string[];
days.splice(0, N, ...flat(days));
instants.splice(0, N, ...flat(instants));
const limits: TimeLimit[] = Array.from({ length: 31 }, (_, v) => ({ unit: 'workingDays', value: v }));

// The naive approach: walk day by day, checking the weekday and a set of special dates.
const off = new Set<string>();
const work = new Set<string>();
for (let y = 2019; y <= 2028; y++) for (const e of cal.specialDays(y)) (e.isWorkingDay ? work : off).add(e.date);
function naiveAdd(start: string, n: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const s = d.toISOString().slice(0, 10);
    const wd = d.getUTCDay();
    const working = work.has(s) || (wd !== 0 && wd !== 6 && !off.has(s));
    if (working) left--;
  }
  return d.toISOString().slice(0, 10);
}

// Sanity: both agree.
for (let i = 0; i < 2000; i++) {
  if (naiveAdd(days[i]!, ns[i]!) !== cal.addWorkingDays(days[i]!, ns[i]!)) throw new Error(`disagree on ${days[i]} + ${ns[i]}`);
}

let sink = 0;
/** Each measurement gets its own freshly compiled loop, so no call site is shared (and made polymorphic) between them. */
function measure(name: string, fn: (i: number) => string, ms = 1500): number {
  const loop = new Function(
    'fn',
    'MASK',
    `return function run(ms) {
      let sink = 0;
      for (let i = 0; i < 50000; i++) sink += fn(i & MASK).length;
      let ops = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < ms) {
        for (let i = 0; i < 10000; i++) sink += fn((ops + i) & MASK).length;
        ops += 10000;
        t = performance.now();
      }
      return [ops / ((t - t0) / 1000), sink];
    }; // ${name}`,
  )(fn, MASK) as (ms: number) => [number, number];
  const [rate, s] = loop(ms);
  sink += s;
  console.log(`${name.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(14)} ops/s`);
  return rate;
}

console.log(`@motcua/calendar bench (node ${process.version}), inputs 2020–2026, n = 1..30 working days\n`);
const fast = measure('addWorkingDays (O(1) index)', (i) => cal.addWorkingDays(days[i]!, ns[i]!));
const due = measure('computeDue workingDays (instant input)', (i) => computeDue(instants[i]!, limits[ns[i]!]!, cal).at);
const engineForm = JSON.parse(JSON.stringify(instants.map((s) => `${s.slice(0, 19)}.000${s.slice(19)}`))) as string[];
measure("computeDue workingDays (engine's …SS.sss+07:00)", (i) => computeDue(engineForm[i]!, limits[ns[i]!]!, cal).at);
measure('computeDue workingDays (local-date input)', (i) => computeDue(days[i]!, limits[ns[i]!]!, cal).at);
const naive = measure('naive day-by-day loop', (i) => naiveAdd(days[i]!, ns[i]!));
console.log('');
console.log(`addWorkingDays / naive = ${(fast / naive).toFixed(1)}x`);
console.log(`computeDue / naive     = ${(due / naive).toFixed(1)}x`);
if (sink === 42) console.log('');
