// A consumer's plain Node.js ESM script (no TypeScript, no tsx), run by scripts/consumer-test.mjs in a fresh
// project outside the repository, against the packed tarballs. It defines a procedure, runs four dossiers
// through the engine on a SQLite file and prints report 06a; it exits non-zero if the report is not the
// one the rule gives.
//
// The rule (NĐ 61/2018 Đ19, docs/metrics.md §3): a 3-working-day procedure, the receipt day not counted.
// Received Fri 27/10/2023 → Mon 30, Tue 31/10, Wed 01/11: due 01/11/2023 (working-day limit: compared by day).
//   A resolved Tue 31/10 → early; B resolved Wed 01/11 → on time; C resolved Fri 03/11 → late.
//   D received Wed 01/11 → Thu 02, Fri 03, Mon 06/11: due 06/11, still pending on 03/11 → within time.
// Report 01/10–03/11/2023: received 4 (direct 4), resolved 3 = 1 + 1 + 1, pending 1 (within time), on-time rate 2/3.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vietnamCalendar } from '@motcua/calendar';
import { createCatalog, createEngine, defineProcedure, MotcuaError, verifyHistory } from '@motcua/core';
import { createProjectionRunner, report06a, table06a, timelinessProjection, toCsv } from '@motcua/projections';
import { createSqliteEventStore } from '@motcua/store-sqlite';

const business = defineProcedure({
  code: '2.002030',
  name: { vi: 'Đăng ký thành lập doanh nghiệp tư nhân' },
  field: { code: 'TLDN', name: 'Thành lập và hoạt động doanh nghiệp' },
  level: 'province',
  agency: { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' },
  timeLimit: { statutory: { unit: 'workingDays', value: 3 } },
  validFrom: '2021-03-04',
});
const catalog = createCatalog({ procedures: [business] });
const calendar = vietnamCalendar();
const unit = { code: '000.00.06.H56', name: 'Trung tâm Phục vụ hành chính công' };
const actor = { id: 'cb-01', role: 'officer' };

const dir = mkdtempSync(join(tmpdir(), 'motcua-consumer-db-'));
const store = await createSqliteEventStore({ filename: join(dir, 'motcua.db') });
const failures = [];
const expect = (what, actual, expected) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) failures.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
};
try {
  const engine = createEngine({ store, catalog, calendar, policy: 'none' }); // one officer plays every step: authorization off
  const run = (dossierId, body) => engine.execute({ ...body, commandId: randomUUID(), dossierId, actor });
  const dossier = async (receivedAt, resolvedAt) => {
    const id = randomUUID();
    const { state } = await run(id, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct', at: receivedAt });
    if (resolvedAt) {
      await run(id, { type: 'TransferDossier', at: receivedAt.replace(/T\d\d:\d\d/, 'T16:00') });
      await run(id, { type: 'AssignOfficer', officer: { id: 'cv-07' }, at: receivedAt.replace(/T\d\d:\d\d/, 'T16:30') });
      await run(id, { type: 'Resolve', electronicResult: true, at: resolvedAt });
    }
    return state;
  };
  const a = await dossier('2023-10-27T09:32:00+07:00', '2023-10-31T10:00:00+07:00');
  await dossier('2023-10-27T10:00:00+07:00', '2023-11-01T10:00:00+07:00');
  await dossier('2023-10-27T11:00:00+07:00', '2023-11-03T10:00:00+07:00');
  const d = await dossier('2023-11-01T09:00:00+07:00');
  expect('dossier A code', a.dossierCode, '000.00.06.H56-231027-0001');
  expect('dossier A due', a.due?.legal.date, '2023-11-01');
  expect('dossier D due', d.due?.legal.date, '2023-11-06');

  const timeliness = timelinessProjection({ calendar });
  const runner = createProjectionRunner({ store, projection: timeliness, persist: false });
  await runner.catchUp();
  const rows = report06a(runner.state, { projection: timeliness, catalog, from: '2023-10-01', to: '2023-11-03', groupBy: ['unit'] });
  console.log('Biểu số II.06a/VPCP/KSTT — 01/10/2023–03/11/2023');
  console.log(toCsv(table06a(rows, 'vi')));
  console.log(JSON.stringify(rows));
  expect('06a rows', rows.length, 1);
  const [row] = rows;
  expect('06a received', row?.received, { total: 4, online: 0, directOrPostal: 4, carriedOver: 0 });
  expect('06a resolved', row?.resolved, { total: 3, early: 1, onTime: 1, late: 1 });
  expect('06a pending', row?.pending, { total: 1, withinTime: 1, overdue: 0 });
  expect('06a on-time rate', row?.onTimeRate, Math.round((2 / 3) * 10_000) / 10_000);

  // A bulk import on two threads (the writer thread runs dist/import-writer.js of the installed package): the
  // 5,000 events land after the engine's, and the whole log still verifies.
  const before = await store.headPosition();
  const legacy = Array.from({ length: 500 }, (_, s) => ({
    streamId: `legacy-${s}`,
    events: Array.from({ length: 10 }, (_, i) => ({ type: 'LegacyStep', data: { s, i }, metadata: { eventId: randomUUID(), actor } })),
  }));
  const imported = await store.importStreams(legacy, { threads: 2 });
  expect('import result', imported, { streams: 500, events: 5000, lastPosition: before + 5000, threads: 2 });
  const verified = await verifyHistory(store);
  expect('history verifies after the import', [verified.ok, verified.events], [true, before + 5000]);

  // Errors are data: a bad command is a MotcuaError with a stable code, and appends nothing.
  try {
    await run(randomUUID(), { type: 'ReceiveDossier', procedureCode: 'nope', unit, applicant: { name: 'X' }, channel: 'direct', at: 'yesterday' });
    failures.push('a bad command was accepted');
  } catch (e) {
    expect('bad command is a MotcuaError', e instanceof MotcuaError, true);
    expect('bad command code', e?.code, 'VALIDATION_FAILED');
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`consumer app: ${failures.length} check(s) failed\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('consumer app: report 06a as the rule gives');
