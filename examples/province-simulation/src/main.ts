/**
 * `pnpm demo` — simulate a district-and-communes one-stop system on the
 * embedded SQLite store and print what a provincial office reports.
 *
 *   pnpm demo [--dossiers N] [--from D --to D] [--seed N] [--store sqlite|memory|postgres]
 *             [--db FILE] [--json] [--scale gia-lam|lang-son] [--what-if PERCENT] [--lang vi|en]
 */
import { main } from './cli';

process.exitCode = await main(process.argv.slice(2));
