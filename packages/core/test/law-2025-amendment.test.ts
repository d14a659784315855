/**
 * The applicant's amendment of an online dossier (bổ sung, sửa đổi hồ sơ trực
 * tuyến, NĐ 118/2025 Điều 21; domain.md §13: "the applicant may ask to stop,
 * or amend an online dossier, until a decision; every status is kept").
 *
 * What must hold, from the article: an online dossier under the 2025 pack may
 * be amended from its submission until a decision (submitted, intake
 * supplement, received, processing with its pauses: supplement, fee,
 * inter-agency); the status stays; a dossier filed at the counter, a dossier
 * decided, withdrawn, stopped or closed, and a dossier received under NĐ
 * 61/2018 (before 01/07/2025) cannot be amended, and a refusal appends
 * nothing. The decree says nothing of the clock [U]: the due date does not
 * move. Every expected date is computed by hand from the official calendar
 * (Sat/Sun off in July 2025), never from the code under test.
 */
import { describe, expect, it } from 'vitest';
import {
  COMMAND_EVENTS,
  DEFAULT_POLICY_2025,
  EVENT_LABELS,
  EVENT_SCHEMA_VERSION,
  InMemoryEventStore,
  InMemoryKeyStore,
  PERSONAL_FIELDS,
  REDACTED,
  RULE_PACK_2018,
  RULE_PACK_2025,
  controlSlip,
  createEngine,
  dossierStreamId,
  protectPersonalData,
  subjectOfStream,
  type CommandBody,
  type CommandInput,
} from '@motcua/core';
import { applicant, BUSINESS, catalog, cmd, newEngine, refusal, run, unit, uuidv7, vn } from './law-2025/support';

const LAND = '1.003003';
const amend = (description: string, components?: { code: string; name?: string }[]): CommandBody => ({ type: 'AmendDossier', description, ...(components ? { components } : {}) });
const submit = (procedureCode = BUSINESS): CommandBody => ({ type: 'SubmitOnline', procedureCode, unit, applicant });

/** An online dossier of 2.002030 (3 working days) submitted Mon 07/07/2025 09:00, accepted at 10:00, then `more`. */
async function online(more: [string, CommandBody][] = [], procedureCode = BUSINESS) {
  const { engine, store } = newEngine();
  const id = uuidv7();
  await run(engine, id, [['2025-07-07T09:00', submit(procedureCode)], ['2025-07-07T10:00', { type: 'ReceiveDossier' }], ...more]);
  return { engine, store, id };
}

describe('AmendDossier / DossierAmended: defined like the other commands and events', () => {
  it('names, labels, schema version, personal fields, the 2025 pack only', () => {
    expect(COMMAND_EVENTS.AmendDossier).toEqual(['DossierAmended']);
    expect(EVENT_LABELS.DossierAmended).toEqual({ vi: 'Bổ sung, sửa đổi hồ sơ trực tuyến', en: 'Online dossier amended' });
    expect(EVENT_SCHEMA_VERSION.DossierAmended).toBe(1);
    expect(PERSONAL_FIELDS.DossierAmended).toEqual(['description']);
    expect(RULE_PACK_2025.onlineAmendment).toBe(true);
    expect(RULE_PACK_2018.onlineAmendment).toBeUndefined();
  });

  it('the default policy: the applicant amends its own dossier; an officer of another role may not', () => {
    const applicantRules = DEFAULT_POLICY_2025.rules.filter((r) => r.commands.includes('AmendDossier'));
    expect(applicantRules.map((r) => [r.roles, r.scope])).toEqual([[['applicant'], 'applicant']]);
  });
});

describe('accepted in every state until a decision; the status stays, the due date does not move', () => {
  // Received Mon 07/07/2025 10:00, 3 working days, the day of receipt not counted: Tue 08, Wed 09, Thu 10 → due Thu 10/07/2025.
  const DUE = '2025-07-10';

  it('submitted (status 1), Mon 07/07/2025 09:30: components replaced, no due date yet', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [['2025-07-07T09:00', { ...submit(), components: [{ code: 'GDN', name: 'Giấy đề nghị' }] } as CommandBody]]);
    const r = await run(engine, id, [
      [
        '2025-07-07T09:30',
        amend('Thay giấy đề nghị đã ký', [
          { code: 'GDN', name: 'Giấy đề nghị (bản đã ký)' },
          { code: 'DL', name: 'Điều lệ' },
        ]),
      ],
    ]);
    expect(r.state.topLevel).toBe('submitted');
    expect(r.state.nationalStatus).toBe(1);
    expect(r.state.components.map((c) => [c.code, c.name, c.form])).toEqual([
      ['GDN', 'Giấy đề nghị (bản đã ký)', 'copy'],
      ['DL', 'Điều lệ', 'copy'],
    ]);
    expect(r.state.amendment).toEqual({ count: 1, lastAt: vn('2025-07-07T09:30'), description: 'Thay giấy đề nghị đã ký' });
    expect(r.state.due).toBeUndefined();
    expect(store.allEvents().at(-1)!.type).toBe('DossierAmended');
  });

  it('intake supplement (Form 02 at intake), Tue 08/07/2025: accepted, the state stays', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      ['2025-07-07T09:00', submit()],
      ['2025-07-07T14:00', { type: 'RequestIntakeSupplement', items: [{ name: 'Điều lệ' }], reason: 'Thiếu điều lệ' }],
    ]);
    const r = await run(engine, id, [['2025-07-08T09:00', amend('Sửa địa chỉ trụ sở trong giấy đề nghị')]]);
    expect(r.state.topLevel).toBe('intakeSupplement');
    expect(r.state.nationalStatus).toBe(1);
    expect(r.state.amendment?.count).toBe(1);
  });

  it('received (status 2): Mon 07/07 11:00; due date stays Thu 10/07; a second amendment counts 2', async () => {
    const { engine, id } = await online();
    const before = await engine.get(id);
    expect(before.due!.legal.date).toBe(DUE);
    const r1 = await run(engine, id, [['2025-07-07T11:00', amend('Bổ sung bản sao CCCD', [{ code: 'GDN' }, { code: 'CCCD', name: 'Bản sao CCCD' }])]]);
    expect(r1.state.topLevel).toBe('received');
    expect(r1.state.nationalStatus).toBe(2);
    expect(r1.state.due).toEqual(before.due);
    expect(r1.state.components.map((c) => c.code)).toEqual(['GDN', 'CCCD']);
    // Without components: the list stays as the first amendment left it.
    const r2 = await run(engine, id, [['2025-07-07T15:00', amend('Sửa số điện thoại liên hệ')]]);
    expect(r2.state.components.map((c) => c.code)).toEqual(['GDN', 'CCCD']);
    expect(r2.state.amendment).toEqual({ count: 2, lastAt: vn('2025-07-07T15:00'), description: 'Sửa số điện thoại liên hệ' });
    expect(r2.state.due).toEqual(before.due);
    expect(r2.state.due!.legal.date).toBe(DUE);
  });

  it('processing (status 4), Tue 08/07, and in a consultation: due date Thu 10/07 unchanged', async () => {
    const { engine, id } = await online([['2025-07-07T14:00', { type: 'TransferDossier' }]]);
    const r = await run(engine, id, [['2025-07-08T09:00', amend('Thay bản điều lệ')]]);
    expect([r.state.topLevel, r.state.nationalStatus, r.state.due!.legal.date]).toEqual(['processing', 4, DUE]);
    await run(engine, id, [
      ['2025-07-08T10:00', { type: 'RequestConsultation', consultationId: 'c1', agency: { code: 'STP', name: 'Sở Tư pháp' }, content: 'Ý kiến', deadline: '2025-07-09' }],
    ]);
    const r2 = await run(engine, id, [['2025-07-08T11:00', amend('Sửa tên dự kiến')]]);
    expect(r2.state.state).toBe((await engine.get(id)).state);
    expect(r2.state.consultations[0]!.answeredAt).toBeUndefined();
    expect([r2.state.topLevel, r2.state.amendment?.count, r2.state.due!.legal.date]).toEqual(['processing', 2, DUE]);
  });

  it('supplement requested (status 5), Wed 09/07: paused, stays paused; the supplement restarts the clock as before', async () => {
    const { engine, id } = await online([
      ['2025-07-07T14:00', { type: 'TransferDossier' }],
      ['2025-07-08T09:00', { type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'Thiếu' }],
    ]);
    const paused = await engine.get(id);
    const r = await run(engine, id, [['2025-07-09T09:00', amend('Gửi kèm điều lệ đã sửa')]]);
    expect([r.state.topLevel, r.state.nationalStatus]).toEqual(['supplementRequested', 5]);
    expect(r.state.due).toEqual(paused.due);
    expect(r.state.supplements[0]!.providedAt).toBeUndefined();
    // ProvideSupplement Thu 10/07 09:00: 3 working days from then, day not counted → Fri 11, Mon 14, Tue 15/07/2025.
    const back = await run(engine, id, [['2025-07-10T09:00', { type: 'ProvideSupplement' }]]);
    expect(back.state.due!.legal.date).toBe('2025-07-15');
  });

  it('fee requested (status 6), Tue 08/07: stays waiting for the fee', async () => {
    const { engine, id } = await online([
      ['2025-07-07T14:00', { type: 'TransferDossier' }],
      ['2025-07-08T09:00', { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }] }],
    ]);
    const r = await run(engine, id, [['2025-07-08T10:00', amend('Sửa thông tin người đại diện')]]);
    expect([r.state.topLevel, r.state.nationalStatus, r.state.due!.legal.date]).toEqual(['feeRequested', 6, DUE]);
  });

  it('inter-agency (land 1.003003 v2, 17 working days), Wed 09/07: stays in the route; due Wed 30/07/2025 unchanged', async () => {
    const { engine, id } = await online(
      [
        ['2025-07-07T14:00', { type: 'TransferDossier' }],
        ['2025-07-08T09:00', { type: 'StartInterAgency' }],
      ],
      LAND,
    );
    const before = await engine.get(id);
    // Received Mon 07/07/2025, 17 working days, day not counted: 08–11 (4), 14–18 (9), 21–25 (14), 28, 29, 30 (17) → Wed 30/07.
    expect(before.due!.legal.date).toBe('2025-07-30');
    const r = await run(engine, id, [['2025-07-09T09:00', amend('Bổ sung sơ đồ thửa đất', [{ code: 'SD', name: 'Sơ đồ thửa đất' }])]]);
    expect(r.state.topLevel).toBe('interAgency');
    expect(r.state.state).toBe(before.state);
    expect(r.state.due).toEqual(before.due);
    expect(r.state.route).toEqual(before.route);
  });

  it('the control slip has a row from the applicant to the one-stop unit, with the description', async () => {
    const { engine, id } = await online([['2025-07-07T11:00', amend('Bổ sung bản sao CCCD', [{ code: 'CCCD' }])]]);
    const row = controlSlip(await engine.history(id)).rows.at(-1)!;
    expect(row.step.vi).toBe('Bổ sung, sửa đổi hồ sơ trực tuyến');
    expect(row.note?.vi).toBe('Bổ sung bản sao CCCD — thay thế thành phần hồ sơ (1)');
  });
});

describe('refused, nothing appended', () => {
  async function refusedWithNothing(engine: ReturnType<typeof newEngine>['engine'], store: InMemoryEventStore, id: string, body: CommandBody, local: string) {
    const head = await store.headPosition();
    const err = await refusal(engine.execute(cmd(id, { ...body, at: vn(local) } as CommandBody)));
    expect(await store.headPosition()).toBe(head);
    return err as { code: string; rule?: string; message: string; issues: { code: string; path: (string | number)[] }[] };
  }

  it('a dossier filed at the counter (channel direct), in processing Tue 08/07/2025: AMENDMENT_NOT_ONLINE', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      ['2025-07-07T10:00', { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct' }],
      ['2025-07-07T14:00', { type: 'TransferDossier' }],
    ]);
    const err = await refusedWithNothing(engine, store, id, amend('Sửa'), '2025-07-08T09:00');
    expect(err).toMatchObject({ code: 'RULE_VIOLATION', rule: 'AMENDMENT_NOT_ONLINE' });
    expect(err.message).toContain('NĐ 118/2025 Điều 21');
  });

  it('a postal dossier too: AMENDMENT_NOT_ONLINE', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [['2025-07-07T10:00', { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'postal' }]]);
    expect(await refusedWithNothing(engine, store, id, amend('Sửa'), '2025-07-07T11:00')).toMatchObject({ rule: 'AMENDMENT_NOT_ONLINE' });
  });

  it('after the decision (resolved Wed 09/07, refused, returned): INVALID_TRANSITION', async () => {
    for (const decision of [{ type: 'Resolve' }, { type: 'RefuseResolution', reason: 'Không đủ điều kiện' }] as CommandBody[]) {
      const { engine, store, id } = await online([
        ['2025-07-07T14:00', { type: 'TransferDossier' }],
        ['2025-07-09T09:00', decision],
      ]);
      expect(await refusedWithNothing(engine, store, id, amend('Sửa'), '2025-07-09T10:00')).toMatchObject({ code: 'INVALID_TRANSITION' });
      await run(engine, id, [['2025-07-10T09:00', { type: 'ReturnResult', method: 'online' }]]);
      expect(await refusedWithNothing(engine, store, id, amend('Sửa'), '2025-07-10T10:00')).toMatchObject({ code: 'INVALID_TRANSITION' });
    }
  });

  it('after a withdrawal request, a stop, a closure, a refusal at reception: INVALID_TRANSITION', async () => {
    const w = await online([['2025-07-07T11:00', { type: 'RequestWithdrawal', reason: 'Không làm nữa' }]]);
    expect(await refusedWithNothing(w.engine, w.store, w.id, amend('Sửa'), '2025-07-07T12:00')).toMatchObject({ code: 'INVALID_TRANSITION' });
    await run(w.engine, w.id, [['2025-07-07T13:00', { type: 'StopProcessing', reason: 'Rút hồ sơ' }]]);
    expect(await refusedWithNothing(w.engine, w.store, w.id, amend('Sửa'), '2025-07-07T14:00')).toMatchObject({ code: 'INVALID_TRANSITION' });
    // Closed: supplement notice Tue 08/07, 15 days to Wed 23/07, closable from Thu 24/07/2025.
    const c = await online([
      ['2025-07-07T14:00', { type: 'TransferDossier' }],
      ['2025-07-08T09:00', { type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'Thiếu' }],
      ['2025-07-24T09:00', { type: 'CloseDossier', reason: 'Không bổ sung' }],
    ]);
    expect(await refusedWithNothing(c.engine, c.store, c.id, amend('Sửa'), '2025-07-24T10:00')).toMatchObject({ code: 'INVALID_TRANSITION' });
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      ['2025-07-07T09:00', submit()],
      ['2025-07-07T10:00', { type: 'RefuseReception', reason: 'Không thuộc thẩm quyền' }],
    ]);
    expect(await refusedWithNothing(engine, store, id, amend('Sửa'), '2025-07-07T11:00')).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('an online dossier received Mon 30/06/2025 (NĐ 61/2018): AMENDMENT_NOT_IN_RULE_PACK, citing the decree', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      ['2025-06-30T09:00', submit()],
      ['2025-06-30T10:00', { type: 'ReceiveDossier' }],
    ]);
    expect((await engine.get(id)).rulePack).toBe('nd61-2018');
    const err = await refusedWithNothing(engine, store, id, amend('Sửa'), '2025-07-02T09:00');
    expect(err).toMatchObject({ code: 'RULE_VIOLATION', rule: 'AMENDMENT_NOT_IN_RULE_PACK' });
    expect(err.message).toContain('NĐ 118/2025 Điều 21');
    expect(err.message).toContain('01/07/2025');
  });

  it('empty or blank description, bad components: VALIDATION_FAILED with the path', async () => {
    const { engine, store, id } = await online();
    const empty = await refusedWithNothing(engine, store, id, amend(''), '2025-07-07T11:00');
    expect(empty.code).toBe('VALIDATION_FAILED');
    expect(new Set(empty.issues.map((i) => i.path.join('.')))).toEqual(new Set(['description']));
    const blank = await refusedWithNothing(engine, store, id, amend('   '), '2025-07-07T11:00');
    expect(blank.issues.map((i) => i.path)).toEqual([['description']]);
    const missing = await refusedWithNothing(engine, store, id, { type: 'AmendDossier' } as unknown as CommandBody, '2025-07-07T11:00');
    expect(missing.issues.map((i) => i.path)).toEqual([['description']]);
    const badCode = await refusedWithNothing(engine, store, id, amend('Sửa', [{ code: 'GDN' }, { code: '' }]), '2025-07-07T11:00');
    expect(badCode.code).toBe('VALIDATION_FAILED');
    expect(badCode.issues.map((i) => i.path)).toEqual([['components', 1, 'code']]);
    const unknownKey = await refusedWithNothing(
      engine,
      store,
      id,
      { type: 'AmendDossier', description: 'Sửa', components: [{ code: 'GDN', colour: 'red' }] } as unknown as CommandBody,
      '2025-07-07T11:00',
    );
    expect(unknownKey.issues.map((i) => i.path)).toEqual([['components', 0]]);
    const state = await engine.get(id);
    expect(state.amendment).toBeUndefined();
  });
});

describe('erasure (NĐ 13/2023) redacts the description of the change', () => {
  it('stored encrypted, read in clear, redacted after the erasure; the components stay', async () => {
    const inner = new InMemoryEventStore();
    const keys = new InMemoryKeyStore();
    const store = protectPersonalData(inner, { keys });
    const engine = createEngine({ store, catalog: catalog(), policy: 'none', clock: () => new Date('2025-07-31T00:00:00Z') });
    const id = uuidv7();
    const secret = 'Sửa địa chỉ của bà Phạm Thị Nhung: số 12 ngõ 34 Hàng Bạc';
    for (const [local, body] of [
      ['2025-07-07T09:00', submit()],
      ['2025-07-07T10:00', amend(secret, [{ code: 'GDN' }])],
    ] as [string, CommandBody][])
      await engine.execute({ ...body, at: vn(local), actor: { id: applicant.idNumber, role: 'applicant' }, commandId: uuidv7(), dossierId: id } as CommandInput);
    expect(JSON.stringify(inner.allEvents())).not.toContain(secret);
    expect((await engine.history(id)).at(-1)!.data).toMatchObject({ description: secret });
    await store.eraseSubject(subjectOfStream(dossierStreamId(id)), { reason: 'request', engines: [engine] });
    const after = (await engine.history(id)).at(-1)!;
    expect(after.data).toEqual({ description: REDACTED, components: [{ code: 'GDN', form: 'copy', digitised: false, reused: false, fromCitizenStore: false }] });
    expect((await engine.get(id)).amendment?.description).toBe(REDACTED);
  });
});
