/**
 * Issue #12 item 6: inter-agency under NĐ 118/2025 (Đ20.2: electronic → all
 * agencies in parallel with a lead; paper → in sequence with a transfer slip
 * listing each agency's task and deadline; Đ19.4c: a late consulted agency is
 * reported to the head of the unit). A dossier accepted on 30/06/2025 gets the
 * 2018 version of the land procedure (sequential) and pack; one accepted on
 * 01/07/2025 the 2025 version (parallel) and pack. Deadlines are counted by
 * hand on the 2025 calendar (no holiday in July 2025).
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { lateAgencyAlerts, transferSlip, type CommandBody } from '@motcua/core';
import { applicant, cmd, newEngine, unit, vn } from '../helpers';

async function landDossier(day: string, transferMode: 'paper' | 'electronic', channel: 'direct' | 'online' = 'direct') {
  const { engine } = newEngine();
  const id = uuidv7();
  await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: '1.003003', unit, applicant, channel, at: vn(`${day}T09:00`) } as CommandBody));
  await engine.execute(cmd(id, { type: 'TransferDossier', mode: transferMode, at: vn(`${day}T09:30`) } as CommandBody));
  return { engine, id };
}

describe('route mode by medium (NĐ 118/2025 Đ20.2)', () => {
  it('30/06/2025 (2018 pack, version 1): sequential, no medium recorded, the slip chains the planned deadlines', async () => {
    const { engine, id } = await landDossier('2025-06-30', 'paper');
    const r = await engine.execute(cmd(id, { type: 'StartInterAgency', at: vn('2025-07-01T09:00') } as CommandBody));
    const data = r.events[0]!.data as { mode: string; medium?: string; modeMismatch?: true };
    expect(data.mode).toBe('sequential');
    expect(data.medium).toBeUndefined();
    expect(data.modeMismatch).toBeUndefined();
    const slip = transferSlip(r.state, vietnamCalendar())!;
    expect(slip.lead.code).toBe('VPDKDD');
    // Leg 0: 8 working days from Tue 01/07 → 02,03,04,07,08,09,10,11 → Fri 11/07.
    // Leg 1: 3 from 11/07 → 14,15,16 → 16/07 (planned). Leg 2: 3 from 16/07 → 17,18,21 → 21/07 (planned).
    expect(slip.lines.map((l) => [l.task, l.due?.date, l.planned ?? false])).toEqual([
      ['Thẩm định, đo đạc', '2025-07-11', false],
      ['Xác định nghĩa vụ tài chính', '2025-07-16', true],
      ['Trình ký Giấy chứng nhận', '2025-07-21', true],
    ]);
  });

  it('01/07/2025 electronic (2025 pack, version 2): parallel with a lead, every leg has its own deadline, no mismatch', async () => {
    const { engine, id } = await landDossier('2025-07-01', 'electronic');
    const r = await engine.execute(cmd(id, { type: 'StartInterAgency', at: vn('2025-07-01T10:00') } as CommandBody));
    const data = r.events[0]!.data as { mode: string; medium?: string; modeMismatch?: true };
    expect(data).toMatchObject({ mode: 'parallel', medium: 'electronic' });
    expect(data.modeMismatch).toBeUndefined();
    const slip = transferSlip(r.state)!;
    expect(slip.medium).toBe('electronic');
    // Lead: 12 working days from Tue 01/07 → 02,03,04,07,08,09,10,11,14,15,16,17 → Thu 17/07. Participant: 3 → 02,03,04 → Fri 04/07.
    expect(slip.lines.map((l) => [l.role, l.task, l.due?.date])).toEqual([
      ['lead', 'Thẩm định, đo đạc, trình ký', '2025-07-17'],
      ['participant', 'Xác định nghĩa vụ tài chính', '2025-07-04'],
    ]);
  });

  it('01/07/2025 paper dossier on the parallel route: recorded as a mode mismatch (paper goes in sequence), not refused', async () => {
    const { engine, id } = await landDossier('2025-07-01', 'paper');
    const r = await engine.execute(cmd(id, { type: 'StartInterAgency', at: vn('2025-07-01T10:00') } as CommandBody));
    expect(r.events[0]!.data).toMatchObject({ medium: 'paper', modeMismatch: true });
    const explicit = await landDossier('2025-07-01', 'paper');
    const r2 = await explicit.engine.execute(cmd(explicit.id, { type: 'StartInterAgency', medium: 'electronic', at: vn('2025-07-01T10:00') } as CommandBody));
    expect((r2.events[0]!.data as { modeMismatch?: true }).modeMismatch).toBeUndefined();
  });
});

describe('late consulted agency → alert to the head of the unit (NĐ 118/2025 Đ19.4c)', () => {
  it.each(['2025-06-30', '2025-07-01'])('accepted %s: a consultation past its deadline, then answered late', async (day) => {
    const { engine, id } = await landDossier(day, 'electronic');
    const agency = { code: 'SXD', name: 'Sở Xây dựng' };
    await engine.execute(
      cmd(id, { type: 'RequestConsultation', consultationId: 'c1', agency, content: 'Ý kiến về quy hoạch', deadline: '2025-07-03', at: vn('2025-07-01T10:00') } as CommandBody),
    );
    const s1 = await engine.get(id);
    expect(lateAgencyAlerts(s1, vn('2025-07-03T16:59'))).toEqual([]);
    expect(lateAgencyAlerts(s1, vn('2025-07-04T08:00'))).toEqual([
      { kind: 'consultation', ref: 'c1', agency, deadline: '2025-07-03', status: 'overdue', to: { role: 'unitHead', unit }, dossierCode: s1.dossierCode },
    ]);
    const r = await engine.execute(cmd(id, { type: 'AnswerConsultation', consultationId: 'c1', answer: 'Đồng ý', at: vn('2025-07-07T09:00') } as CommandBody));
    expect(lateAgencyAlerts(r.state, vn('2025-07-07T10:00')).map((a) => a.status)).toEqual(['answeredLate']);
  });

  it('a route leg past its due and not completed is an alert; completed on time it is not', async () => {
    const { engine, id } = await landDossier('2025-07-01', 'electronic');
    await engine.execute(cmd(id, { type: 'StartInterAgency', at: vn('2025-07-01T10:00') } as CommandBody));
    const r = await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 1, at: vn('2025-07-04T15:00') } as CommandBody));
    // Lead due Thu 17/07 (above); the participant finished on its due day 04/07.
    expect(lateAgencyAlerts(r.state, vn('2025-07-17T16:00'))).toEqual([]);
    expect(lateAgencyAlerts(r.state, vn('2025-07-18T08:00')).map((a) => [a.kind, a.ref, a.status, a.deadline])).toEqual([['leg', '0', 'overdue', '2025-07-17']]);
  });
});
