/**
 * Issue #12 item 4 — extension instead of apology (NĐ 118/2025 Đ19.6): at
 * least 1 day before the due date, at most once, on the form "Phiếu đề nghị
 * gia hạn thời gian giải quyết", notified to the applicant (e-mail, SMS,
 * phone, social network). Under NĐ 61/2018 Đ19.9 the same act is the apology
 * letter "Phiếu xin lỗi và hẹn lại ngày trả kết quả". "01 ngày" is read as a
 * working day by default (rescheduleNoticeUnit, docs/calendar.md).
 *
 * Business registration, 3 working days: received Mon 30/06/2025 → due Thu
 * 03/07 (deadline to reschedule Wed 02/07); received Tue 01/07 → due Fri 04/07
 * (deadline Thu 03/07).
 */
import { describe, expect, it } from 'vitest';
import { controlSlip, type CommandBody } from '@motcua/core';
import { cmd, intake, newEngine, packsWith, refusal, run, uuidv7, vn } from './support';

const accepted = async (day: string, engine = newEngine()) => {
  const id = uuidv7();
  await run(engine.engine, id, [
    [`${day}T09:00`, { type: 'ReceiveDossier', ...intake }],
    [`${day}T10:00`, { type: 'TransferDossier' }],
  ]);
  return { ...engine, id };
};
const apology = (newDueDate: string, extra: Partial<Extract<CommandBody, { type: 'IssueApology' }>> = {}): CommandBody => ({
  type: 'IssueApology',
  reason: 'Chờ xác minh',
  lateUnit: 'Sở Tài chính',
  newDueDate,
  ...extra,
});

describe('Form 04 by the law in force at receipt', () => {
  it('received 30/06/2025 (NĐ 61/2018 Đ19.9): an apology; on time on Wed 02/07; a second one refused citing Điều 19.9', async () => {
    const { engine, store, id } = await accepted('2025-06-30');
    expect((await engine.get(id)).due?.legal.date).toBe('2025-07-03');
    const r = await engine.execute(cmd(id, { ...apology('2025-07-07'), at: vn('2025-07-02T16:00') } as CommandBody));
    expect(r.events[0]!.data).toMatchObject({ lateApology: false, newDue: { date: '2025-07-07' } });
    expect(r.events[0]!.data).not.toHaveProperty('form');
    expect(r.state.due?.rescheduled?.date).toBe('2025-07-07');
    const slip = controlSlip(await engine.history(id));
    expect(slip.rows.at(-1)!.step.vi).toBe('Xin lỗi và hẹn lại (Mẫu 04)');
    const before = await store.headPosition();
    const again = await refusal(engine.execute(cmd(id, { ...apology('2025-07-08'), at: vn('2025-07-03T09:00') } as CommandBody)));
    expect(again).toMatchObject({ rule: 'RESCHEDULE_LIMIT' });
    expect(again!.message).toContain('NĐ 61/2018 Điều 19.9');
    expect(await store.headPosition()).toBe(before);
  });

  it('received 01/07/2025 (NĐ 118/2025 Đ19.6): an extension request, the applicant told by SMS and e-mail; a second one refused citing Điều 19.6', async () => {
    const { engine, store, id } = await accepted('2025-07-01');
    expect((await engine.get(id)).due?.legal.date).toBe('2025-07-04');
    const r = await engine.execute(cmd(id, { ...apology('2025-07-08', { notify: ['sms', 'email'] }), at: vn('2025-07-03T16:00') } as CommandBody));
    expect(r.events[0]!.data).toMatchObject({
      form: 'extension',
      notify: ['sms', 'email'],
      lateApology: false,
      originalDue: { date: '2025-07-04' },
      newDue: { date: '2025-07-08' },
    });
    expect(r.state.apology?.form).toBe('extension');
    expect(r.state.due?.rescheduled?.date).toBe('2025-07-08');
    const row = controlSlip(await engine.history(id)).rows.at(-1)!;
    expect(row.step.vi).toBe('Phiếu đề nghị gia hạn thời gian giải quyết (Mẫu 04)');
    expect(row.note?.vi).toContain('sms, email');
    const before = await store.headPosition();
    const again = await refusal(engine.execute(cmd(id, { ...apology('2025-07-09'), at: vn('2025-07-04T09:00') } as CommandBody)));
    expect(again).toMatchObject({ rule: 'RESCHEDULE_LIMIT' });
    expect(again!.message).toContain('NĐ 118/2025 Điều 19.6');
    expect(await store.headPosition()).toBe(before);
  });

  it('an extension on the due date itself (Fri 04/07) is later than 1 day before: recorded with lateApology', async () => {
    const { engine, id } = await accepted('2025-07-01');
    const r = await engine.execute(cmd(id, { ...apology('2025-07-08'), at: vn('2025-07-04T08:00') } as CommandBody));
    expect(r.events[0]!.data).toMatchObject({ form: 'extension', lateApology: true });
  });
});

describe('"01 ngày" — working day (default) or calendar day (configurable), across the 2025 national day', () => {
  // Received Wed 27/08/2025 → 3 working days: Thu 28, Fri 29/08, then 30/08–02/09 off → Wed 03/09.
  it('default (working day): due Wed 03/09 → the last day to ask is Fri 29/08; asking on Mon 01/09 (a holiday) is late', async () => {
    const { engine, id } = await accepted('2025-08-27');
    expect((await engine.get(id)).due?.legal.date).toBe('2025-09-03');
    const r = await engine.execute(cmd(id, { ...apology('2025-09-05'), at: vn('2025-09-01T09:00') } as CommandBody));
    expect(r.events[0]!.data).toMatchObject({ lateApology: true });
    const onTime = await accepted('2025-08-27');
    const r2 = await onTime.engine.execute(cmd(onTime.id, { ...apology('2025-09-05'), at: vn('2025-08-29T16:00') } as CommandBody));
    expect(r2.events[0]!.data).toMatchObject({ lateApology: false });
  });

  it("rescheduleNoticeUnit 'calendarDays': the last day is Tue 02/09, so Mon 01/09 is on time", async () => {
    const { engine, id } = await accepted('2025-08-27', newEngine(packsWith({ rescheduleNoticeUnit: 'calendarDays' })));
    const r = await engine.execute(cmd(id, { ...apology('2025-09-05'), at: vn('2025-09-01T09:00') } as CommandBody));
    expect(r.events[0]!.data).toMatchObject({ lateApology: false });
  });
});
