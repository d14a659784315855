/**
 * `pnpm check:packages`: packs every package as it would be published (pack-packages.mjs) and runs on
 * each tarball publint (`--strict`: warnings fail too) and Are The Types Wrong (`attw`, profile
 * `esm-only`: the packages are ESM-only, so node16-esm and bundler resolution must both be clean).
 * Exit status non-zero if any tool reports a problem.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packAll, root } from './pack-packages.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Runs publint and attw on each tarball (from packAll); returns the number of failed checks. */
export function checkTarballs(tarballs) {
  let failed = 0;
  for (const { name, file, bytes } of tarballs) {
    console.log(`\n== ${name} (${(bytes / 1024).toFixed(1)} KiB packed)`);
    for (const [tool, args] of [
      ['publint', ['run', file, '--strict']],
      ['attw', [file, '--profile', 'esm-only', '--format', 'table-flipped', '--no-color']],
    ]) {
      const r = spawnSync(bin(tool), args, { stdio: 'inherit' });
      if (r.status !== 0) {
        failed++;
        console.log(`check-packages: ${tool} reported a problem in ${name}`);
      }
    }
  }
  console.log(failed === 0 ? '\ncheck-packages: publint and attw clean for every package' : `\ncheck-packages: ${failed} problem(s)`);
  return failed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let tarballs;
  try {
    tarballs = packAll();
  } catch (e) {
    console.error(`check-packages: ${e.message}`);
    process.exit(1);
  }
  const failed = checkTarballs(tarballs);
  rmSync(join(tarballs[0].file, '..'), { recursive: true, force: true });
  process.exit(failed === 0 ? 0 : 1);
}
