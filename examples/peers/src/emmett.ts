/**
 * The published Emmett packages, installed on demand into a cache folder in
 * the OS temp directory (never a dependency of this repository), and loaded
 * from there by absolute path. Versions are pinned: Emmett 0.42 (the release
 * issue #16's figures were measured against). `emmett-sqlite` 0.42.4 names
 * the unpublished `emmett@0.42.4` as its peer, so the install passes
 * `--legacy-peer-deps` and lists every peer itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What is installed (name → exact version). */
export const EMMETT_PACKAGES: Readonly<Record<string, string>> = {
  '@event-driven-io/emmett': '0.42.0',
  '@event-driven-io/emmett-sqlite': '0.42.4',
  '@event-driven-io/emmett-postgresql': '0.42.0',
  '@event-driven-io/pongo': '0.16.11',
  '@event-driven-io/dumbo': '0.12.7',
  sqlite3: '5.1.7',
  pg: '8.16.3',
  uuid: '10.0.0',
  'async-retry': '1.3.3',
  commander: '12.1.0',
  'pg-connection-string': '2.9.1',
  ansis: '3.17.0',
  'cli-table3': '0.6.5',
};

/** The cache folder: one per set of versions. */
export function emmettFolder(): string {
  const key = Object.values(EMMETT_PACKAGES)
    .join('_')
    .replace(/[^a-z0-9_.]/gi, '');
  return join(tmpdir(), `motcua-peers-emmett-${key.slice(0, 80)}`);
}

/** Install the pinned packages into the cache folder unless they are there already. */
export function installEmmett(log: (line: string) => void = console.log): string {
  const folder = emmettFolder();
  const marker = join(folder, 'installed.json');
  if (existsSync(marker)) return folder;
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'motcua-peers-emmett', private: true, type: 'module' }, null, 2));
  const specs = Object.entries(EMMETT_PACKAGES).map(([name, version]) => `${name}@${version}`);
  log(`installing ${specs.join(' ')} into ${folder} (npm, once)`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--prefix', folder, ...specs], { stdio: 'inherit', cwd: folder });
  writeFileSync(marker, JSON.stringify(EMMETT_PACKAGES, null, 2));
  return folder;
}

/** Import a package installed in `folder` (its ESM entry). */
export async function importFrom<T>(folder: string, name: string): Promise<T> {
  const require = createRequire(join(folder, 'package.json'));
  const resolved = require.resolve(name);
  // resolve gives the CommonJS entry; the ESM build sits beside it (index.cjs → index.js) in these packages
  const esm = resolved.endsWith('.cjs') && existsSync(resolved.replace(/\.cjs$/, '.js')) ? resolved.replace(/\.cjs$/, '.js') : resolved;
  return (await import(pathToFileURL(esm).href)) as T;
}
