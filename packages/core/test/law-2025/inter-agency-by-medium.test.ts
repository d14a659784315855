/**
 * A route that runs by the dossier's medium (NĐ 118/2025 Đ20.2: electronic
 * dossiers go to every agency at once, with a lead agency; paper dossiers go
 * from agency to agency with a transfer slip giving each agency's task and
 * deadline): `route.mode: 'byMedium'`. The machine has both paths; the start
 * event's mode, chosen from the medium, picks one.
 *
 * Dates hand-computed on the official 2025 schedule (Sat/Sun off,
 * 30/08–02/09/2025 off); a leg's due date is its start day + N working days.
 * From Wed 20/08 08:00: 12 working days → Thu 21, Fri 22, Mon 25, Tue 26,
 * Wed 27, Thu 28, Fri 29/08, Wed 03, Thu 04, Fri 05, Mon 08, Tue 09/09;
 * 3 working days → Thu 21, Fri 22, Mon 25/08.
 */
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { vietnamCalendar } from '@motcua/calendar';
import {
  allowedCommands,
  compileMachine,
  createCatalog,
  createEngine,
  createProcedureMachine,
  defineProcedure,
  InMemoryEventStore,
  transferSlip,
  type CommandBody,
} from '@motcua/core';
import { sampleProcedures } from '@motcua/core/testkit';
import { cmd, refusal, unit, vn } from './support';

const byMedium = defineProcedure({
  code: '1.900003',
  name: { vi: 'Thủ tục liên thông theo hình thức hồ sơ', en: 'Inter-agency procedure by medium' },
  field: { code: 'DD', name: 'Đất đai' },
  level: 'province',
  agency: { code: 'VPDKDD', name: 'Văn phòng đăng ký đất đai' },
  timeLimit: { statutory: { unit: 'workingDays', value: 20 } },
  route: {
    mode: 'byMedium',
    legs: [
      { agency: { code: 'VPDKDD', name: 'Văn phòng đăng ký đất đai' }, role: 'lead', budget: { unit: 'workingDays', value: 12 }, task: 'Thẩm định, đo đạc, trình ký' },
      { agency: { code: 'CCT', name: 'Thuế cơ sở' }, role: 'participant', budget: { unit: 'workingDays', value: 3 }, task: 'Xác định nghĩa vụ tài chính' },
    ],
  },
  validFrom: '2019-01-01',
});

function engine() {
  const catalog = createCatalog({ procedures: [...Object.values(sampleProcedures), byMedium] });
  // Not a test of authorization: no policy, as the other law-2025 tests (support.ts).
  return createEngine({ store: new InMemoryEventStore(), catalog, policy: 'none' });
}
async function started(day: string, transfer: 'paper' | 'electronic', medium?: 'paper' | 'electronic') {
  const e = engine();
  const id = uuidv7();
  const exec = (local: string, body: object) => e.execute(cmd(id, { ...body, at: vn(local) } as CommandBody));
  await exec(`${day}T09:00`, { type: 'ReceiveDossier', procedureCode: byMedium.code, unit, applicant: { name: 'Phạm Thị Dung' }, channel: 'direct' });
  await exec(`${day}T14:00`, { type: 'TransferDossier', mode: transfer });
  const r = await exec('2025-08-20T08:00', { type: 'StartInterAgency', ...(medium ? { medium } : {}) });
  return { e, id, exec, r };
}

describe("route mode 'byMedium' (NĐ 118/2025 Đ20.2)", () => {
  it('the machine has both paths; the start is allowed in processing and picks one', () => {
    const table = compileMachine(createProcedureMachine(byMedium));
    const next = table.states.get('processing.appraisal')!.next;
    expect(next.get('InterAgencyStarted.parallel')).toBe('interAgency.parallel.{leg0.working,leg1.working}');
    expect(next.get('InterAgencyStarted.sequential')).toBe('interAgency.sequential.leg0');
    expect(allowedCommands(table, 'processing.appraisal')).toContain('StartInterAgency');
  });

  it('01/07/2025, electronic: every agency at once (due 09/09 and 25/08), in any order, then back to processing', async () => {
    const { exec, r } = await started('2025-07-01', 'electronic');
    expect(r.events[0]!.data).toMatchObject({ mode: 'parallel', medium: 'electronic' });
    expect(r.events[0]!.data).not.toHaveProperty('modeMismatch');
    expect(r.state.state).toBe('interAgency.parallel.{leg0.working,leg1.working}');
    expect(r.state.route?.legs.map((l) => l.due?.date)).toEqual(['2025-09-09', '2025-08-25']);
    const tax = await exec('2025-08-25T10:00', { type: 'CompleteLeg', legIndex: 1 });
    expect(tax.events[0]!.data).toMatchObject({ legIndex: 1, late: false });
    const lead = await exec('2025-09-09T16:00', { type: 'CompleteLeg', legIndex: 0 });
    expect(lead.events[0]!.data).toMatchObject({ legIndex: 0, late: false });
    expect(lead.state.state).toBe('processing.appraisal');
  });

  it('01/07/2025, paper: one agency after the other; the transfer slip lists each task and deadline', async () => {
    const { exec, r } = await started('2025-07-01', 'paper');
    expect(r.events[0]!.data).toMatchObject({ mode: 'sequential', medium: 'paper' });
    expect(r.state.state).toBe('interAgency.sequential.leg0');
    expect(r.state.route?.legs.map((l) => l.due?.date)).toEqual(['2025-09-09', undefined]);
    // The slip: leg 0's deadline, leg 1 planned 3 working days after it (Wed 10, Thu 11, Fri 12/09).
    const slip = transferSlip(r.state, vietnamCalendar())!;
    expect(slip.mode).toBe('sequential');
    expect(slip.lines.map((l) => [l.agency.code, l.task, l.due?.date, l.planned ?? false])).toEqual([
      ['VPDKDD', 'Thẩm định, đo đạc, trình ký', '2025-09-09', false],
      ['CCT', 'Xác định nghĩa vụ tài chính', '2025-09-12', true],
    ]);
    // The tax office cannot go first.
    expect(await refusal(exec('2025-08-21T08:00', { type: 'CompleteLeg', legIndex: 1 }))).toMatchObject({ code: 'INVALID_TRANSITION' });
    // Leg 0 done on Thu 04/09: leg 1 starts then, due Tue 09/09 (Fri 05, Mon 08, Tue 09).
    const first = await exec('2025-09-04T10:00', { type: 'CompleteLeg', legIndex: 0 });
    expect(first.state.state).toBe('interAgency.sequential.leg1');
    expect(first.state.route?.legs[1]?.due?.date).toBe('2025-09-09');
    const second = await exec('2025-09-10T10:00', { type: 'CompleteLeg', legIndex: 1 });
    expect(second.events[0]!.data).toMatchObject({ legIndex: 1, late: true });
    expect(second.state.state).toBe('processing.appraisal');
  });

  it('the medium of the command wins over the transfer; 30/06/2025 (NĐ 61) follows the route too', async () => {
    const stated = await started('2025-07-01', 'paper', 'electronic');
    expect(stated.r.events[0]!.data).toMatchObject({ mode: 'parallel', medium: 'electronic' });
    const old = await started('2025-06-30', 'paper');
    expect(old.r.state.rulePack).toBe('nd61-2018');
    expect(old.r.events[0]!.data).toMatchObject({ mode: 'sequential', medium: 'paper' });
    expect(old.r.state.state).toBe('interAgency.sequential.leg0');
  });
});
