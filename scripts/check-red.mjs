#!/usr/bin/env node
// Proves the root test run is wired to every project of vitest.workspace.ts:
// for each project, a deliberately failing canary test is written into its
// test/ folder and the ROOT vitest config is run on that file; the run must
// exit non-zero with exactly that test failed. The canary is always removed.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const { default: projects } = await import(join(root, 'vitest.workspace.ts')).catch(async () => {
  // Node cannot import .ts directly: read the project roots from the file text.
  const text = (await import('node:fs')).readFileSync(join(root, 'vitest.workspace.ts'), 'utf8');
  return { default: [...text.matchAll(/project\('([^']+)'/g)].map((m) => ({ test: { root: m[1], name: m[1].split('/').pop() } })) };
});
let bad = 0;
for (const p of projects) {
  const dir = join(root, p.test.root, 'test');
  const file = join(dir, '__canary_red__.test.ts');
  writeFileSync(file, "import { it, expect } from 'vitest';\nit('canary: must fail', () => { expect(1).toBe(2); });\n");
  try {
    const r = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', '--project', p.test.name, file], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    const failed = /Tests\s+1 failed/.test(out);
    console.log(`${p.test.name.padEnd(16)} exit ${r.status} ${failed ? '1 failed' : 'NO FAILURE SEEN'}`);
    if (r.status === 0 || !failed) bad++;
  } finally {
    rmSync(file, { force: true });
  }
}
if (bad) {
  console.error(`check-red: ${bad} project(s) did not turn the root run red`);
  process.exit(1);
}
console.log('check-red: a failing test in every project turns the root run red');
