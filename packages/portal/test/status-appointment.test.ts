/**
 * The due date the applicant is shown (`portalStatusOf(state).dueAt`) is the
 * appointment in force: Form 04's date, unless a supplement restarted the
 * legal clock after it (NĐ 118/2025 Đ19.5: the time limit restarts from
 * zero). Procedure 2.002030, three working days; dates worked out by hand.
 */
import { randomUUID } from 'node:crypto';
import { createEngine, InMemoryEventStore, type CommandBody, type DossierState } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { describe, expect, it } from 'vitest';
import { portalStatusOf } from '../src';
import { INTAKE, UNIT } from './support/engine';

async function run(steps: [string, CommandBody][]): Promise<DossierState[]> {
  const engine = createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), policy: 'none' });
  const dossierId = randomUUID();
  const states: DossierState[] = [];
  for (const [at, body] of steps)
    states.push(
      (await engine.execute({ ...body, dossierId, commandId: randomUUID(), actor: { id: 'cv-01', role: 'officer', unit: UNIT.code }, at: `${at}:00.000+07:00` } as never)).state,
    );
  return states;
}

const receive = { type: 'ReceiveDossier', ...INTAKE } as CommandBody;
const transfer = { type: 'TransferDossier', mode: 'electronic' } as CommandBody;
const apology = { type: 'IssueApology', reason: 'Chậm thẩm định', lateUnit: 'Phòng chuyên môn', newDueDate: '2025-07-15' } as CommandBody;
const supplement = { type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ' }], reason: 'Thiếu giấy tờ' } as CommandBody;
const provide = { type: 'ProvideSupplement' } as CommandBody;

describe('portal status: the due date the applicant holds', () => {
  it('reschedule to 15/07, then a supplement provided on 14/07: the restarted legal date 17/07', async () => {
    // Received Mon 07/07/2025 09:00 → due Thu 10/07; Form 04 on 08/07 → 15/07; supplement requested 08/07 10:00,
    // provided Mon 14/07 → three working days from then: Thu 17/07.
    const states = await run([
      ['2025-07-07T09:00', receive],
      ['2025-07-07T09:30', transfer],
      ['2025-07-08T09:00', apology],
      ['2025-07-08T10:00', supplement],
      ['2025-07-14T09:00', provide],
    ]);
    expect(portalStatusOf(states[0]!).dueAt?.slice(0, 10)).toBe('2025-07-10');
    expect(portalStatusOf(states[2]!).dueAt?.slice(0, 10)).toBe('2025-07-15');
    expect(portalStatusOf(states[3]!).dueAt?.slice(0, 10)).toBe('2025-07-15'); // waiting: the clock has not restarted yet
    const last = portalStatusOf(states[4]!);
    expect(last.dueAt?.slice(0, 10)).toBe('2025-07-17');
    expect(last.legalDue).toBe(last.dueAt);
    expect(last.rescheduledDue?.slice(0, 10)).toBe('2025-07-15'); // Form 04 is still reported as such
  });

  it('a supplement provided before Form 04: the rescheduled date stays in force', async () => {
    const states = await run([
      ['2025-07-07T09:00', receive],
      ['2025-07-07T09:30', transfer],
      ['2025-07-07T10:00', supplement],
      ['2025-07-08T09:00', provide], // restart: three working days from Tue 08/07 → Fri 11/07
      ['2025-07-09T09:00', apology],
    ]);
    expect(portalStatusOf(states[3]!).dueAt?.slice(0, 10)).toBe('2025-07-11');
    expect(portalStatusOf(states[4]!).dueAt?.slice(0, 10)).toBe('2025-07-15');
  });
});
