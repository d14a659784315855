import { createSqliteEventStore } from '@motcua/store-sqlite';
import { GIA_LAM, simulate } from './src/index';
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
const store = await createSqliteEventStore({ filename: join(mkdtempSync(join(tmpdir(), 'cnt-')), 'x.db'), synchronous: 'NORMAL', cacheSizeKiB: 262144 });
const counts: Record<string, number> = {}; const times: Record<string, number> = {};
for (const m of ['append', 'readStream', 'nextSequence', 'batch', 'headPosition']) {
  const orig = (store as any)[m].bind(store);
  (store as any)[m] = async (...a: any[]) => { counts[m] = (counts[m] ?? 0) + 1; const t = performance.now(); try { return await orig(...a); } finally { times[m] = (times[m] ?? 0) + performance.now() - t; } };
}
const st = (store as any).s;
for (const k of ['insert', 'nextSequence', 'streamVersion', 'readStream', 'commit', 'begin']) {
  const stmt = st[k]; for (const m of ['run', 'get', 'all']) { const o = stmt[m].bind(stmt); stmt[m] = (...a: any[]) => { const t = performance.now(); try { return o(...a); } finally { const kk = k + '.' + m; counts[kk] = (counts[kk] ?? 0) + 1; times[kk] = (times[kk] ?? 0) + performance.now() - t; } }; }
}
const r = await simulate({ scale: GIA_LAM, dossiers: Number(process.argv[2] ?? 25000), from: GIA_LAM.from, to: GIA_LAM.to, seed: 2021, batchSize: Number(process.env.BS ?? 20000) }, store);
console.log(r.run.commands, 'commands', Math.round(r.run.wallMs), 'ms', counts, Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v)])));
