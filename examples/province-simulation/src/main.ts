/**
 * `pnpm demo` — simulate a district-and-communes one-stop system on the
 * embedded SQLite store and print what a provincial office reports.
 *
 *   pnpm demo [--dossiers N] [--from D --to D] [--seed N] [--store sqlite|memory|postgres]
 *             [--db FILE] [--json] [--scale gia-lam|lang-son] [--what-if PERCENT] [--lang vi|en]
 *
 * Memory: the `demo` script caps V8's old generation at 512 MB; the flag is process-wide, so each isolate (the
 * simulation's thread and the worker threads) gets that cap. The live heaps are well under it (after forced GCs
 * in the first month of a `--scale lang-son` run: ≈ 50–70 MB on the simulation's thread, ≈ 30–50 MB on the report
 * thread; ≈ 200–280 MB used at 6.8M events, see docs/performance.md "Demo memory at province scale"); without a
 * cap V8 lets each heap grow to several times its live size (the 4 GB cap a province-size run used to re-run
 * itself with took lang-son past 2 GB of RSS), so a province-size run no longer re-runs itself with a heap
 * larger than 1 GB: it re-runs itself with a 1 GB cap (below) so its last report cannot run out of heap.
 * `MOTCUA_DEMO_MEMLOG=<ms>` prints memory samples of each thread to stderr (`memory-probe.ts`).
 */
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

const args = process.argv.slice(2);
const flagValue = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
};
// A province-size run was measured to 11.65M events under the 512 MB cap with the report thread at ≈ 390 MB used of
// 560 (docs/performance.md); the end of the run (the last report) was not reached under that cap. Rather than risk
// an out-of-memory stop at the end of a one-hour run, such a run re-runs itself with a 1 GB cap per isolate, and
// keeps each heap near its live size instead: after each full GC V8 lets a heap grow by a factor it picks between
// 1.1 and 4 (fast collections → large factors); `--heap-growing-percent` fixes it at 1.1, so the heaps V8 reserves
// (most of the RSS) follow the live data, at the cost of more frequent full collections; and the young generation
// gets 8 MB semi-spaces instead of the script's 16 (docs/performance.md "Session 7: lang-son memory": −24 % RSS at
// 1.06M events against V8's own factor, no visible CPU cost).
const PROVINCE_HEAP_MB = 1024;
const PROVINCE_HEAP_GROWING_PERCENT = 10;
const PROVINCE_SEMI_SPACE_MB = 8;
const provinceSize = flagValue('--scale') === 'lang-son' || Number(flagValue('--dossiers') ?? 0) > 300_000;
if (provinceSize && getHeapStatistics().heap_size_limit < PROVINCE_HEAP_MB * 1024 ** 2 && !process.env.MOTCUA_DEMO_RESPAWNED) {
  const execArgv = [
    ...process.execArgv.filter((a) => !['--max-old-space-size', '--heap-growing-percent', '--max-semi-space-size'].some((flag) => a.startsWith(flag))),
    `--max-old-space-size=${PROVINCE_HEAP_MB}`,
    `--heap-growing-percent=${PROVINCE_HEAP_GROWING_PERCENT}`,
    `--max-semi-space-size=${PROVINCE_SEMI_SPACE_MB}`,
  ];
  const child = spawnSync(process.execPath, [...execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, MOTCUA_DEMO_RESPAWNED: '1' } });
  process.exitCode = child.status ?? 1;
} else {
  // Loaded only here: the launcher of a re-run stays a small process (it waited with the whole simulation loaded, ≈ 100 MB).
  const { main } = await import('./cli');
  const { startMemoryProbe } = await import('./memory-probe');
  const stopProbe = startMemoryProbe('simulation');
  try {
    process.exitCode = await main(args);
  } finally {
    stopProbe();
  }
}
