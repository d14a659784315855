/**
 * Packed projection checkpoints (`checkpoint-codec.ts`): deflate level 1
 * against 6 on real checkpoints — packed bytes, CPU time to pack and to
 * unpack (in-process `process.cpuUsage`, so a busy machine changes little),
 * two rounds each, interleaved, means. Reads the checkpoints of
 * BENCH_CHECKPOINT_FILE (read-only: a file `pnpm run rebuild` saved into), or
 * without it one synthetic checkpoint of ~10 MB shaped like a report's.
 * Prints figures; asserts nothing.
 *
 *   BENCH_CHECKPOINT_FILE=/path/langson.sqlite npx tsx packages/store-sqlite/bench/checkpoint-pack.bench.ts
 */
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { packCheckpoint, unpackCheckpoint } from '../src/checkpoint-codec';

const file = process.env.BENCH_CHECKPOINT_FILE;
const LEVELS = [1, 6];
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Name and JSON text of each checkpoint to measure. */
function checkpoints(): [string, string][] {
  if (file) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT name, state, packed FROM motcua_projections ORDER BY name').all() as { name: string; state: string; packed: Uint8Array | null }[];
      return rows.map((r) => [r.name, r.packed ? unpackCheckpoint(r.name, r.packed) : r.state]);
    } finally {
      db.close();
    }
  }
  // A synthetic stand-in shaped like a report checkpoint: per-dossier rows with codes, dates and counters.
  const rows = Array.from({ length: 150_000 }, (_, i) => [
    `000.${String(i % 97).padStart(2, '0')}.20.H26-2101${String(i % 28).padStart(2, '0')}-${String(i % 10_000).padStart(4, '0')}`,
    `2021-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, '0')}`,
    i % 17,
    i % 3 === 0 ? 'ontime' : i % 3 === 1 ? 'early' : 'late',
  ]);
  return [['synthetic', JSON.stringify({ rows, officials: Array.from({ length: 2_000 }, (_, i) => [`cb-${i}`, i * 7]) })]];
}

const all = checkpoints();
const bytes = all.reduce((n, [, text]) => n + Buffer.byteLength(text), 0);
console.log(`packed checkpoints: ${all.length} checkpoint(s), ${fmt(bytes)} bytes of JSON (${file ?? 'synthetic'}); load at start ${loadavg()[0]!.toFixed(1)}`);
const totals = new Map(LEVELS.map((level) => [level, { packed: 0, pack: 0, unpack: 0 }]));
for (let round = 0; round < 2; round++) {
  for (const level of round === 0 ? LEVELS : [...LEVELS].reverse()) {
    const t = totals.get(level)!;
    for (const [name, text] of all) {
      const a = cpu();
      const packed = packCheckpoint(text, 0, { level })!;
      const b = cpu();
      const back = unpackCheckpoint(name, packed);
      const c = cpu();
      if (back !== text) throw new Error(`${name}: round trip differs`);
      if (round === 0) t.packed += packed.length;
      t.pack += (b - a) / 2;
      t.unpack += (c - b) / 2;
    }
  }
}
for (const [level, t] of totals)
  console.log(`  level ${level}: ${fmt(t.packed)} bytes (${(bytes / t.packed).toFixed(1)}×), pack ${fmt(t.pack)} ms CPU, unpack ${fmt(t.unpack)} ms CPU`);
console.log(`load at end ${loadavg()[0]!.toFixed(1)}; peak RSS ${fmt(process.resourceUsage().maxRSS)} kB`);
