import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intake, testDesk, type TestDesk } from './support';

type Desk = TestDesk;
let desk: Desk;
beforeEach(async () => {
  desk = await testDesk();
});
afterEach(async () => {
  await desk.close();
});

const receive = async (name?: string, headers: Record<string, string> = {}) => {
  const r = await desk.json('/api/dossiers', { body: intake(name), headers });
  expect(r.status).toBe(201);
  return r.body as { dossierId: string; dossierCode: string; due: { date: string }; receiptUrl: string };
};

describe('receive a dossier', () => {
  it('returns 201 with its code, due date, receipt link, Location and ETag', async () => {
    const r = await desk.json('/api/dossiers', { body: intake() });
    expect(r.status).toBe(201);
    // Mon 02/03/2026 09:00 + 3 working days → Thu 05/03 (the receipt day is not counted).
    expect(r.body).toMatchObject({ dossierCode: '000.00.20.H26-260302-0001', due: { date: '2026-03-05' }, duplicate: false });
    expect(r.body.dossier).toMatchObject({ state: 'received', nationalStatus: { code: 2, vi: 'Được tiếp nhận' }, version: 1, pending: 'withinTime' });
    expect(r.headers.get('Location')).toBe(`/api/dossiers/${r.body.dossierId}`);
    expect(r.headers.get('ETag')).toBe('"1"');
    expect(r.body.receiptUrl).toBe(`/api/dossiers/${r.body.dossierId}/receipt`);
  });

  it('prints Form 01 as HTML, in Vietnamese by default and in English on request', async () => {
    const d = await receive('Trần Thị Bình');
    const vi = await desk.app.request(d.receiptUrl);
    expect(vi.status).toBe(200);
    expect(vi.headers.get('Content-Type')).toMatch(/text\/html/);
    const html = await vi.text();
    expect(html).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(html).toContain(d.dossierCode);
    expect(html).toContain('Trần Thị Bình');
    expect(html).toContain('05/03/2026');
    expect(html).toContain('3 ngày làm việc');
    expect(html).toContain('@page { size: A5');
    const en = await (await desk.app.request(`${d.receiptUrl}?lang=en`)).text();
    expect(en).toContain('DOSSIER RECEIPT AND APPOINTMENT');
  });

  it('gives 400 with the validation issues for a bad intake', async () => {
    const r = await desk.json('/api/dossiers', { body: { ...intake(), unit: { code: 'bad code', name: '' }, applicant: {} } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const paths = r.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['unit.code', 'unit.name', 'applicant.name']));
  });

  it('gives 400 for a body that is not JSON or not an intake command', async () => {
    const bad = await desk.json('/api/dossiers', { body: '{oops' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].code).toBe('invalid_json');
    const resolve = await desk.json('/api/dossiers', { body: { ...intake(), type: 'Resolve' } });
    expect(resolve.status).toBe(400);
    expect(resolve.body.error.issues[0].path).toEqual(['type']);
  });

  it('gives 413 for a body over 256 KiB', async () => {
    const r = await desk.json('/api/dossiers', { body: { ...intake(), note: 'x'.repeat(300_000) } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives 422 for a procedure not in the catalog', async () => {
    const r = await desk.json('/api/dossiers', { body: { ...intake(), procedureCode: '9.999999' } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('UNKNOWN_PROCEDURE');
  });

  it('receives once per Idempotency-Key: the same dossier and code, 200 on the repeat', async () => {
    const first = await desk.json('/api/dossiers', { body: intake(), headers: { 'Idempotency-Key': 'counter-3/2026-03-02/17' } });
    const again = await desk.json('/api/dossiers', { body: intake(), headers: { 'Idempotency-Key': 'counter-3/2026-03-02/17' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ dossierId: first.body.dossierId, dossierCode: first.body.dossierCode, duplicate: true });
    const other = await receive();
    expect(other.dossierCode).toBe('000.00.20.H26-260302-0002');
  });
});

describe('commands on a dossier', () => {
  it('takes a dossier through transfer, supplement, apology, resolve, return and rating', async () => {
    const d = await receive();
    const step = async (path: string, body: unknown, at: string) => {
      desk.at(at);
      const r = await desk.json(`/api/dossiers/${d.dossierId}/${path}`, { body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    await step('transfer', {}, '2026-03-02T10:00:00+07:00');
    await step('request-supplement', { items: [{ name: 'Điều lệ doanh nghiệp' }], reason: 'Thiếu điều lệ' }, '2026-03-03T10:00:00+07:00');
    const provided = await step('provide-supplement', {}, '2026-03-04T09:00:00+07:00');
    expect(provided.dossier.due.legal.date).toBe('2026-03-09'); // the limit restarts (NĐ 61 Đ19.4)
    const apology = await step('apologise', { reason: 'Chờ xác minh', lateUnit: 'Sở Tài chính', newDueDate: '2026-03-11' }, '2026-03-05T15:00:00+07:00');
    expect(apology.dossier.due.rescheduled.date).toBe('2026-03-11');
    await step('resolve', { electronicResult: true }, '2026-03-10T10:00:00+07:00');
    const returned = await step('return', { method: 'counter' }, '2026-03-10T14:00:00+07:00');
    expect(returned.dossier).toMatchObject({ state: 'returned', nationalStatus: { code: 10 } });
    const rated = await step('rate', { channel: 'kiosk', ratings: [{ criterion: 'Thái độ', level: 'Rất hài lòng' }] }, '2026-03-10T14:05:00+07:00');
    expect(rated.events).toEqual([expect.objectContaining({ type: 'DossierRated', version: 8 })]);

    const look = await desk.json(`/api/dossiers/by-code/${d.dossierCode}`);
    expect(look.status).toBe(200);
    expect(look.headers.get('ETag')).toBe('"8"');
    expect(look.body.dossier.id).toBe(d.dossierId);
    expect(look.body.allowedCommands).toContain('Rate');
    const steps = look.body.controlSlip.rows.map((r: { step: { en: string } }) => r.step.en);
    expect(steps).toEqual([
      'Accepted (Form 01)',
      'Transferred',
      'Supplement request #1 (Form 02)',
      'Supplement received; clock restarted',
      'Extension of the time limit (Form 04)', // received 02/03/2026: NĐ 118/2025 Đ19.6 calls Form 04 an extension
      'Resolved, result to the one-stop unit',
      'Result returned',
    ]);
    expect(look.body.controlSlip.rows[1]).toMatchObject({ timeliness: 'onTime' });
    expect(look.body.controlSlip.dossierCode).toBe(d.dossierCode);
  });

  it('runs any command by type on /commands and fills commandId, dossierId and the signed-in actor', async () => {
    const d = await receive();
    const r = await desk.json(`/api/dossiers/${d.dossierId}/commands`, { body: { type: 'TransferDossier', mode: 'paper' } });
    expect(r.status).toBe(200);
    expect(r.body.dossier.state).toBe('processing.appraisal');
    const history = await desk.json(`/api/dossiers/${d.dossierId}/history`);
    const e = history.body.events[1];
    expect(e.metadata.actor).toEqual({ id: 'cb-mc-01', role: 'receivingOfficer', unit: '000.00.20.H26', name: 'Lê Thị Hoa' }); // the tiepnhan account (seed.ts)
    expect(e.metadata.commandId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives 409 with the allowed commands for a command not allowed in the state', async () => {
    const d = await receive();
    const r = await desk.json(`/api/dossiers/${d.dossierId}/resolve`, { body: {} });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'INVALID_TRANSITION', command: 'Resolve', state: 'received' });
    expect(r.body.error.allowed).toEqual(expect.arrayContaining(['TransferDossier', 'IssueApology']));
    expect(r.body.error.allowed).not.toContain('Resolve');
  });

  it('gives 409 to a stale edit (If-Match with an old version) and accepts the current version', async () => {
    const d = await receive();
    const ok = await desk.json(`/api/dossiers/${d.dossierId}/transfer`, { body: {}, headers: { 'If-Match': '"1"' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ETag')).toBe('"2"');
    const stale = await desk.json(`/api/dossiers/${d.dossierId}/commands`, { body: { type: 'AssignOfficer', officer: { id: 'cv-01' } }, headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expected: 1, actual: 2 });
    const weak = await desk.json(`/api/dossiers/${d.dossierId}/commands`, { body: { type: 'AssignOfficer', officer: { id: 'cv-01' } }, headers: { 'If-Match': 'W/"2"' } });
    expect(weak.status).toBe(200);
    const junk = await desk.json(`/api/dossiers/${d.dossierId}/transfer`, { body: {}, headers: { 'If-Match': 'yesterday' } });
    expect(junk.status).toBe(400);
  });

  it('gives 422 for a rule violation: a second apology', async () => {
    const d = await receive();
    await desk.json(`/api/dossiers/${d.dossierId}/transfer`, { body: {} });
    const first = await desk.json(`/api/dossiers/${d.dossierId}/apologise`, { body: { reason: 'Chờ xác minh', lateUnit: 'Sở Tài chính', newDueDate: '2026-03-10' } });
    expect(first.status).toBe(200);
    const second = await desk.json(`/api/dossiers/${d.dossierId}/apologise`, { body: { reason: 'Lần nữa', lateUnit: 'Sở Tài chính', newDueDate: '2026-03-12' } });
    expect(second.status).toBe(422);
    expect(second.body.error).toMatchObject({ code: 'RULE_VIOLATION', rule: 'RESCHEDULE_LIMIT' });
  });

  it('gives 400 for invalid command fields, an unknown type or a mismatched dossier id', async () => {
    const d = await receive();
    const fields = await desk.json(`/api/dossiers/${d.dossierId}/request-supplement`, { body: { items: [] } });
    expect(fields.status).toBe(400);
    expect(fields.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual(expect.arrayContaining(['items', 'reason']));
    const unknown = await desk.json(`/api/dossiers/${d.dossierId}/commands`, { body: { type: 'Teleport' } });
    expect(unknown.status).toBe(400);
    const mismatch = await desk.json(`/api/dossiers/${d.dossierId}/commands`, { body: { type: 'TransferDossier', dossierId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } });
    expect(mismatch.status).toBe(400);
  });

  it('executes a command once per Idempotency-Key', async () => {
    const d = await receive();
    const key = { 'Idempotency-Key': '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a00' };
    const a = await desk.json(`/api/dossiers/${d.dossierId}/transfer`, { body: {}, headers: key });
    const b = await desk.json(`/api/dossiers/${d.dossierId}/transfer`, { body: {}, headers: key });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.duplicate).toBe(true);
    expect(b.body.dossier.version).toBe(2);
    expect((await desk.engine.history(d.dossierId)).length).toBe(2);
  });

  it('gives 404 for an unknown dossier, code or route', async () => {
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect((await desk.json(`/api/dossiers/${id}`)).status).toBe(404);
    expect((await desk.json(`/api/dossiers/${id}/receipt`)).status).toBe(404);
    const cmd = await desk.json(`/api/dossiers/${id}/transfer`, { body: {} });
    expect(cmd.status).toBe(404);
    expect(cmd.body.error.code).toBe('NOT_FOUND');
    const code = await desk.json('/api/dossiers/by-code/000.00.20.H26-260302-9999');
    expect(code.status).toBe(404);
    expect((await desk.json(`/api/dossiers/${id}/fly`, { body: {} })).status).toBe(404);
    expect((await desk.json('/api/nothing')).status).toBe(404);
  });

  it('finds a dossier by code in any letter case and with spaces around', async () => {
    const d = await receive();
    const r = await desk.json(`/api/dossiers/by-code/${encodeURIComponent(` ${d.dossierCode.toLowerCase()} `)}`);
    expect(r.status).toBe(200);
    expect(r.body.dossier.dossierCode).toBe(d.dossierCode);
  });
});
