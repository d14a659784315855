/**
 * The one build of every published package (`packages/*`): ESM JavaScript for Node.js ≥ 20.19, bundled
 * type declarations and source maps, one output per entry point of the package's `exports`.
 * Each package's `tsdown.config.ts` calls {@link packageConfig}; `pnpm build` at the root builds them in
 * dependency order (a package's declarations import its workspace dependencies' built `dist/*.d.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserConfig } from 'tsdown';

interface Manifest {
  name: string;
  exports: Record<string, unknown>;
}

/** `"."` → `index` (src/index.ts), `"./testkit"` → `testkit/index` (src/testkit/index.ts). */
export function entriesOf(exportsField: Record<string, unknown>): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const key of Object.keys(exportsField)) {
    if (key === './package.json') continue;
    const sub = key === '.' ? '' : `${key.slice(2)}/`;
    entries[`${sub}index`] = `src/${sub}index.ts`;
  }
  return entries;
}

/** The tsdown configuration of the package in `dir`. */
export function packageConfig(dir: string): UserConfig {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  return {
    name: manifest.name,
    cwd: dir,
    entry: entriesOf(manifest.exports),
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    fixedExtension: false,
    tsconfig: join(dir, 'tsconfig.build.json'),
    dts: { sourcemap: false },
    sourcemap: true,
    clean: true,
    report: false,
    checks: { pluginTimings: false },
  };
}
