/**
 * `pnpm demo` — simulate a district-and-communes one-stop system on the
 * embedded SQLite store and print what a provincial office reports.
 *
 *   pnpm demo [--dossiers N] [--from D --to D] [--seed N] [--store sqlite|memory|postgres]
 *             [--db FILE] [--json] [--scale gia-lam|lang-son] [--what-if PERCENT] [--lang vi|en]
 *
 * The `demo` script caps V8's old generation at 512 MB (the default run's live heap is ≈ 170 MB; without the
 * cap V8 reserves ≈ 3× of it). A province-size run (`--scale lang-son`, or more than 300,000 dossiers) needs
 * more, so it runs again in a child with a 4 GB cap rather than risk running out of heap.
 */
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { main } from './cli';

const args = process.argv.slice(2);
const flagValue = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
};
const provinceSize = flagValue('--scale') === 'lang-son' || Number(flagValue('--dossiers') ?? 0) > 300_000;
const smallHeap = getHeapStatistics().heap_size_limit < 1.5 * 1024 ** 3;

if (provinceSize && smallHeap && !process.env.MOTCUA_DEMO_RESPAWNED) {
  const execArgv = [...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')), '--max-old-space-size=4096'];
  const child = spawnSync(process.execPath, [...execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, MOTCUA_DEMO_RESPAWNED: '1' } });
  process.exitCode = child.status ?? 1;
} else {
  process.exitCode = await main(args);
}
