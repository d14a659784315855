/**
 * `pnpm test:consumer`: the packages as a user gets them. Packs every package (pack-packages.mjs: prepack
 * builds dist/, workspace:* becomes the real version), creates a fresh npm project in the OS temp folder,
 * outside the repository and its workspace, installs the tarballs with npm (+ better-sqlite3, typescript,
 * @types/node, as a consumer would), then:
 *  (a) runs scripts/consumer/app.mjs with plain `node` (ESM, no tsx): a procedure, four dossiers through the
 *      engine on a SQLite file, report 06a printed and checked against the rule (the script exits non-zero);
 *      and imports every runtime entry point (testkits aside: they need vitest / fast-check);
 *  (b) type-checks scripts/consumer/typed.ts with `tsc` (strict, module/moduleResolution nodenext, no
 *      skipLibCheck: every published .d.ts is checked), which must pass, and scripts/consumer/wrong-type.ts,
 *      which must fail with exactly one error, TS2322 at its line 7 (types that were `any` would compile).
 * Before installing, publint and attw check each tarball (check-packages.mjs).
 * Exit status non-zero on any failure; the temp folders are removed unless MOTCUA_KEEP_CONSUMER=1.
 *
 * better-sqlite3 is installed from the registry as a user would, so npm compiles it (its prebuilt binary
 * cannot be downloaded here); node-gyp uses the machine's Node.js headers (`npm config get nodedir`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkTarballs } from './check-packages.mjs';
import { packAll, root } from './pack-packages.mjs';

const started = performance.now();
const secs = (t) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
const fail = (msg) => {
  console.error(`consumer test: FAILED — ${msg}`);
  console.error(`(folders kept for inspection: ${work})`);
  process.exit(1);
};
const run = (cmd, args, cwd, env = {}) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
};

const work = mkdtempSync(join(tmpdir(), 'motcua-consumer-'));
if (!relative(root, work).startsWith('..')) fail(`the consumer project ${work} is inside the repository`);
const packDir = join(work, 'tarballs');
const app = join(work, 'app');

let t = performance.now();
let tarballs = [];
try {
  tarballs = packAll(packDir);
} catch (e) {
  fail(e.message);
}
console.log(`packed ${tarballs.length} packages in ${secs(t)}:`);
for (const p of tarballs) console.log(`  ${p.name.padEnd(24)} ${(p.bytes / 1024).toFixed(1).padStart(7)} KiB  ${p.file}`);

t = performance.now();
if (checkTarballs(tarballs) !== 0) fail('publint or attw reported a problem (above)');
console.log(`publint and attw in ${secs(t)}`);

run('mkdir', ['-p', app], work);
// allowScripts: npm 11 runs a dependency's install script only once approved (better-sqlite3 compiles its addon).
const manifest = { name: 'motcua-consumer', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } };
writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const f of ['app.mjs', 'typed.ts', 'wrong-type.ts', 'tsconfig.json']) copyFileSync(join(root, 'scripts/consumer', f), join(app, f));
const wrongConfig = JSON.parse(readFileSync(join(app, 'tsconfig.json'), 'utf8'));
writeFileSync(join(app, 'tsconfig.wrong.json'), JSON.stringify({ ...wrongConfig, files: ['wrong-type.ts'] }, null, 2));

t = performance.now();
const deps = [...tarballs.map((p) => p.file), 'better-sqlite3@^12', 'typescript@~5.9.3', '@types/node@^20.19.0'];
const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...deps], app, { JOBS: 'max' });
if (install.status !== 0) fail(`npm install exited ${install.status}\n${install.out}`);
if (!existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))) fail(`npm install did not build better-sqlite3's native addon\n${install.out}`);
console.log(`npm install (tarballs + better-sqlite3 + typescript + @types/node) in ${secs(t)}`);

t = performance.now();
const a = run(process.execPath, ['app.mjs'], app);
console.log(`\n(a) node app.mjs — exit ${a.status}, ${secs(t)}\n${a.out.trimEnd()}`);
if (a.status !== 0) fail('the plain Node.js ESM script failed');
if (!a.out.includes('consumer app: report 06a as the rule gives')) fail('the script did not confirm report 06a');
const entries = [
  '@motcua/calendar',
  '@motcua/core',
  '@motcua/core/samples',
  '@motcua/core/store-kit',
  '@motcua/store-sqlite',
  '@motcua/store-postgres',
  '@motcua/projections',
  '@motcua/portal',
];
const probe = `for (const e of ${JSON.stringify(entries)}) { const m = await import(e); if (Object.keys(m).length === 0) throw new Error(e + ' exports nothing'); console.log(e, Object.keys(m).length, 'exports'); }`;
const imports = run(process.execPath, ['--input-type=module', '-e', probe], app);
console.log(imports.out.trimEnd());
if (imports.status !== 0) fail('an entry point does not load in plain Node.js');

const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
t = performance.now();
const good = run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
console.log(`\n(b) tsc -p tsconfig.json (strict, nodenext, no skipLibCheck) — exit ${good.status}, ${secs(t)}${good.out ? `\n${good.out.trimEnd()}` : ''}`);
if (good.status !== 0) fail('the consumer TypeScript file does not type-check');
const bad = run(process.execPath, [tsc, '-p', 'tsconfig.wrong.json'], app);
const errors = bad.out.split('\n').filter((l) => /error TS\d+/.test(l));
console.log(`    tsc -p tsconfig.wrong.json (must fail) — exit ${bad.status}\n${bad.out.trimEnd()}`);
if (bad.status === 0) fail('wrong-type.ts compiled: the published types do not catch a wrong type');
if (errors.length !== 1 || !/^wrong-type\.ts\(7,\d+\): error TS2322:/.test(errors[0] ?? '')) fail('wrong-type.ts should fail with exactly one TS2322 at line 7');

if (process.env.MOTCUA_KEEP_CONSUMER === '1') console.log(`\nkept: ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`\nconsumer test: passed in ${secs(started)} (packages installed from tarballs outside the workspace; plain Node.js ESM; tsc nodenext without skipLibCheck)`);
