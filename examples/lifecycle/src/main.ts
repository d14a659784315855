/**
 * The main job until the province simulation lands: one real procedure (a
 * first land-use certificate, 15 working days cut from 20, sequential
 * inter-agency route) taken through its whole lifecycle on the engine with
 * the embedded SQLite store, across Tết 2024, printing its control slip.
 *
 *   pnpm demo [--db FILE] [--lang vi|en]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { controlSlip, createEngine, MotcuaError } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { vietnamCalendar } from '@motcua/calendar';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { runLandStory } from './lifecycle';
import { renderControlSlip, statusLine } from './render';

function args() {
  try {
    const { values } = parseArgs({ options: { db: { type: 'string' }, lang: { type: 'string', default: 'vi' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.lang !== 'vi' && values.lang !== 'en') throw new Error(`--lang must be vi or en, got ${values.lang}`);
    return values as { db?: string; lang: 'vi' | 'en'; help?: boolean };
  } catch (error) {
    console.error(`motcua demo: ${(error as Error).message}\nusage: pnpm demo [--db FILE] [--lang vi|en]`);
    process.exit(2);
  }
}

const opts = args();
if (opts.help) {
  console.log('usage: pnpm demo [--db FILE] [--lang vi|en]');
  process.exit(0);
}
const file = opts.db ?? join(mkdtempSync(join(tmpdir(), 'motcua-demo-')), 'motcua.db');
const started = performance.now();
const store = await createSqliteEventStore({ filename: file });
try {
  // One officer plays every step of the story (no roles): authorization is turned off; a server takes the default policy.
  const engine = createEngine({ store, catalog: sampleCatalog(), calendar: vietnamCalendar(), policy: 'none' });
  const results = await runLandStory(engine);
  const id = results[0]!.dossierId;
  console.log(`motcua — ${opts.lang === 'vi' ? 'hồ sơ trên SQLite' : 'dossier on SQLite'}: ${file}\n`);
  for (const result of results) console.log(statusLine(result.state, opts.lang));
  const state = results[results.length - 1]!.state;
  console.log(
    `\n${opts.lang === 'vi' ? 'Hẹn trả ban đầu' : 'Original due'} ${state.due?.original.date} · ${opts.lang === 'vi' ? 'tính lại sau bổ sung' : 'restarted after supplement'} ${state.due?.legal.date} · ${opts.lang === 'vi' ? 'hẹn lại' : 'rescheduled'} ${state.due?.rescheduled?.date ?? '—'}\n`,
  );
  console.log(renderControlSlip(controlSlip(await engine.history(id), { calendar: engine.calendar }), opts.lang));
  console.log(`\n${results.reduce((n, r) => n + r.events.length, 0)} events, ${results.length} commands, ${(performance.now() - started).toFixed(0)} ms`);
} catch (error) {
  console.error(error instanceof MotcuaError ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await store.close();
}
