#!/usr/bin/env node
// `pnpm bench [filter]`: runs every packages/*/bench/*.bench.ts and
// examples/*/bench/*.bench.ts script in turn (each prints its own figures and
// ratios against a raw baseline measured in the same run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const filter = process.argv[2];
const files = [];
for (const top of ['packages', 'examples']) {
  for (const pkg of readdirSync(join(root, top))) {
    const dir = join(root, top, pkg, 'bench');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.bench.ts')) files.push(join(top, pkg, 'bench', f));
  }
}
const selected = files.filter((f) => !filter || f.includes(filter));
if (selected.length === 0) {
  console.error(`no benchmark matches ${filter ?? '(all)'}; available:\n  ${files.join('\n  ')}`);
  process.exit(1);
}
let failed = 0;
for (const f of selected) {
  console.log(`\n=== ${f} (node --max-semi-space-size=64) ===`);
  // A 64 MB young generation (V8's default is 16 MB), as docs/performance.md recommends for
  // throughput work: short-lived command/event objects die young instead of being promoted.
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['--max-semi-space-size=64', f], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
