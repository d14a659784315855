/**
 * `pnpm release [--dry-run]`.
 *  --dry-run: builds every package, runs publint and attw on the packed tarballs (check-packages.mjs),
 *             prints the pending changesets (`changeset status`), then `pnpm publish -r --dry-run` over
 *             packages/*: each package is packed as it would be published (prepack builds dist/, workspace:*
 *             becomes the real version) and its name, version and files are listed. Nothing is published,
 *             nothing is tagged, no file in the repository changes.
 *  (no flag): the same checks, then `changeset publish` (publishes the versions not yet on the registry and
 *             tags them). Needs an npm token for the @motcua scope. Run `pnpm changeset version` first.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './pack-packages.mjs';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const unknown = args.filter((a) => a !== '--dry-run');
if (unknown.length > 0) {
  console.error(`release: unknown argument(s) ${unknown.join(' ')}\nusage: pnpm release [--dry-run]`);
  process.exit(2);
}
const viaPnpm = process.env.npm_execpath?.includes('pnpm') || process.env.PNPM_SCRIPT_SRC_DIR !== undefined;
const pnpm = viaPnpm ? ['pnpm'] : ['npx', '-y', 'pnpm@10'];
const step = (title, cmd, cmdArgs, { soft = false } = {}) => {
  console.log(`\n== release${dryRun ? ' --dry-run' : ''}: ${title}\n$ ${[cmd, ...cmdArgs].join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0 && soft) console.warn(`release: ${title} exited ${r.status ?? r.signal} (not fatal)`);
  else if (r.status !== 0) {
    console.error(`release: ${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
};

step('check the packages (pack, publint, attw)', process.execPath, [join(root, 'scripts/check-packages.mjs')]);
step('pending changesets', join(root, 'node_modules/.bin/changeset'), ['status', '--verbose'], { soft: dryRun });
if (dryRun) {
  step('what would be published', pnpm[0], [...pnpm.slice(1), '--filter', './packages/*', 'publish', '--dry-run', '--no-git-checks', '--access', 'public']);
  console.log('\nrelease --dry-run: nothing was published.');
} else {
  step('publish', join(root, 'node_modules/.bin/changeset'), ['publish']);
}
