/**
 * Packs every published package (`packages/*`) with `pnpm pack`, in dependency order, into one folder.
 * `pnpm pack` runs each package's `prepack` (tsdown: dist/ is rebuilt) and turns `workspace:*`
 * dependencies into the real versions, exactly as `pnpm publish` would.
 *
 * Used by check-packages.mjs (publint, attw) and consumer-test.mjs; run alone it prints the tarballs:
 * `node scripts/pack-packages.mjs [DIR]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The published packages, each after its workspace dependencies. */
export const PACKAGES = ['calendar', 'core', 'store-sqlite', 'store-postgres', 'projections', 'portal'];

/** Runs `pnpm` (on PATH under `pnpm run`, else through npx); on failure prints its output and throws. */
export function pnpm(args, options = {}) {
  const viaPnpm = process.env.npm_execpath?.includes('pnpm') || process.env.PNPM_SCRIPT_SRC_DIR !== undefined;
  const [cmd, pre] = viaPnpm ? ['pnpm', []] : ['npx', ['-y', 'pnpm@10']];
  const r = spawnSync(cmd, [...pre, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) {
    console.error(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`pnpm ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${options.cwd ?? process.cwd()}`);
  }
  return r.stdout;
}

/** Packs every package into `dir` (a new temp folder by default); returns `{ name, file, bytes }` per package. */
export function packAll(dir = mkdtempSync(join(tmpdir(), 'motcua-pack-'))) {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (const p of PACKAGES) {
    const before = new Set(readdirSync(dir));
    pnpm(['pack', '--pack-destination', dir], { cwd: join(root, 'packages', p) });
    const made = readdirSync(dir).filter((f) => f.endsWith('.tgz') && !before.has(f));
    const file = made.length === 1 ? made[0] : readdirSync(dir).find((f) => f.startsWith(`motcua-${p}-`) && f.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack made no tarball for packages/${p}`);
    out.push({ name: `@motcua/${p}`, file: join(dir, file), bytes: statSync(join(dir, file)).size });
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const t of packAll(process.argv[2] ? resolve(process.argv[2]) : undefined)) console.log(`${t.file}\t${t.bytes} bytes`);
}
