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
 * itself with took lang-son past 2 GB of RSS), so a province-size run no longer re-runs itself with a larger
 * heap. `MOTCUA_DEMO_MEMLOG=<ms>` prints memory samples of each thread to stderr (`memory-probe.ts`).
 */
import { main } from './cli';
import { startMemoryProbe } from './memory-probe';

const stopProbe = startMemoryProbe('simulation');
try {
  process.exitCode = await main(process.argv.slice(2));
} finally {
  stopProbe();
}
