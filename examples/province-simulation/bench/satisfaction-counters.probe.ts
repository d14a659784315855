/**
 * Heap of the satisfaction counters at province scale: the text-keyed `Map` they were against the compact
 * `SatisfactionCounters`, for the same rows (shaped like the simulation's: Vietnamese criteria and levels,
 * `cb-<unit>-<n>` officials, one row per day × cell). Run with `node --expose-gc --import tsx <this file> [rows]`;
 * prints the live heap each holds after a full GC.
 */
import { SatisfactionCounters, type SatisfactionCell } from '@motcua/projections';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const rows = Number(process.argv[2] ?? 244_000);
const CRITERIA = ['Thời gian giải quyết', 'Thái độ, tác phong của cán bộ', 'Công khai, minh bạch'];
const LEVELS = ['Rất hài lòng', 'Hài lòng', 'Không hài lòng'];
const PROCEDURES = Array.from({ length: 40 }, (_, i) => `1.00${1000 + i * 37}`);
/** The i-th row: ≈ 270 a day (244,000 rows ≈ 900 days), its cell one of ≈ 30,000 (230 units, 40 procedures, 8 officials a unit, 3 criteria × 3 levels). */
function cellOf(i: number): { day: number; cell: SatisfactionCell } {
  const c = (i * 7_919) % 30_011;
  const unit = `000.${c % 230}.H42`;
  const kind = c % 10 === 0 ? 'l' : c % 23 === 0 ? 'p' : 'r';
  const cell: SatisfactionCell = { kind, unit, procedure: PROCEDURES[(c >> 3) % 40]!, version: '1', official: `cb-${unit}-${(c % 8) + 1}` };
  if (kind === 'r') {
    cell.criterion = CRITERIA[c % 3]!;
    cell.level = LEVELS[(c >> 2) % 3]!;
  }
  return { day: 18_628 + Math.floor(i / 270), cell };
}
const keyOf = ({ day, cell }: { day: number; cell: SatisfactionCell }) => {
  const base = `${day}|${cell.unit}|${cell.procedure}|${cell.version}|${cell.official}`;
  return cell.kind === 'r' ? `r|${base}|${cell.criterion}|${cell.level}` : `${cell.kind}|${base}`;
};
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const MiB = 1024 * 1024;

let before = heap();
const map = new Map<string, number[]>();
for (let i = 0; i < rows; i++) {
  const b = cellOf(i);
  const key = keyOf(b);
  let row = map.get(key);
  if (!row) map.set(key, (row = new Array<number>(b.cell.kind === 'r' ? 1 : b.cell.kind === 'l' ? 2 : 3).fill(0)));
  row[0]! += 1;
}
const mapBytes = heap() - before;
const mapRows = map.size;
map.clear();

before = heap();
const counters = new SatisfactionCounters();
for (let i = 0; i < rows; i++) {
  const b = cellOf(i);
  counters.bump(b.day, b.cell, 0);
}
const compactBytes = heap() - before; // the Float64Array's store is outside the heap: added below
const external = process.memoryUsage().arrayBuffers;
console.log(
  `rows ${mapRows} (compact ${counters.size}): Map ${(mapBytes / MiB).toFixed(1)} MiB (${Math.round(mapBytes / mapRows)} B/row); ` +
    `compact heap ${(compactBytes / MiB).toFixed(1)} MiB + ArrayBuffers ${(external / MiB).toFixed(1)} MiB (${Math.round((compactBytes + external) / counters.size)} B/row)`,
);
