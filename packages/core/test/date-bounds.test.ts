/**
 * Dates a command sets for later: a consultation's deadline (lấy ý kiến, NĐ 61/2018 Đ19.5: "request with content and
 * deadline") and a rescheduled return date (xin lỗi và hẹn lại / gia hạn, NĐ 61/2018 Đ19.9, NĐ 118/2025 Đ19.6: the
 * date moves once, to a new date given to the applicant). The law bounds neither, so only what is impossible is
 * refused, plus a configurable horizon (docs/rules.md §3.5, §3.6b):
 * - a consultation deadline before the day of the request: `CONSULTATION_DEADLINE_PASSED`, path `deadline`;
 * - a new appointment not after the command's time: `RESCHEDULE_IN_PAST`, path `newDueDate` (not after the current due
 *   date stays `RESCHEDULE_NOT_LATER`);
 * - further than `EngineOptions.dateHorizons` (default 365 days from the request's day / from the current due date, or
 *   from the reschedule's day when it is later):
 *   `CONSULTATION_DEADLINE_TOO_FAR`, `RESCHEDULE_TOO_FAR`.
 * Each refusal appends nothing.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryEventStore, type CommandBody, type EngineOptions, type MotcuaError, type RuleViolationError } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, cmd, unit, vn } from './helpers';

const NOW = new Date('2025-12-01T03:00:00Z'); // Mon 01/12/2025 10:00 in Hà Nội

/** Business registration (3 working days) received Mon 06/10/2025 09:00 → due Thu 09/10/2025; transferred. */
async function processing(options: Partial<EngineOptions> = {}) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none', clock: () => NOW, ...options });
  const id = uuidv7();
  await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') } as CommandBody));
  await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2025-10-06T10:00') } as CommandBody));
  expect((await engine.get(id)).due?.legal.date).toBe('2025-10-09');
  const refused = async (body: CommandBody) => {
    const head = await store.headPosition();
    const error = (await engine.execute(cmd(id, body)).then(
      () => undefined,
      (e: MotcuaError) => e,
    )) as RuleViolationError | undefined;
    expect(await store.headPosition()).toBe(head);
    return error;
  };
  return { engine, id, refused };
}
const consult = (deadline: string, at: string) =>
  ({ type: 'RequestConsultation', consultationId: 'k1', agency: { code: 'STP', name: 'Sở Tư pháp' }, content: 'Xin ý kiến', deadline, at: vn(at) }) as CommandBody;
const reschedule = (newDueDate: string, at: string) => ({ type: 'IssueApology', reason: 'Chờ ý kiến', lateUnit: 'Sở Tư pháp', newDueDate, at: vn(at) }) as CommandBody;
const ruleOf = (e: RuleViolationError | undefined) => [e?.code, e?.rule, e?.issues.map((i) => i.path.join('.'))];

describe('consultation deadline (NĐ 61/2018 Đ19.5)', () => {
  it('a deadline before the day of the request is CONSULTATION_DEADLINE_PASSED on deadline; the same day is accepted', async () => {
    const { engine, id, refused } = await processing();
    expect(ruleOf(await refused(consult('2020-01-01', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'CONSULTATION_DEADLINE_PASSED', ['deadline']]);
    expect(ruleOf(await refused(consult('2025-10-06', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'CONSULTATION_DEADLINE_PASSED', ['deadline']]);
    const same = await engine.execute(cmd(id, consult('2025-10-07', '2025-10-07T09:00')));
    expect(same.events[0]!.data).toMatchObject({ deadline: '2025-10-07' });
  });

  it("judged against the command's own time: a backdated request may set a deadline that has passed today", async () => {
    const { engine, id } = await processing();
    const r = await engine.execute(cmd(id, consult('2025-10-10', '2025-10-07T09:00')));
    expect(r.events[0]!.data).toMatchObject({ deadline: '2025-10-10' });
  });

  it('at most 365 days after the request by default: 07/10/2026 is accepted on 07/10/2025, 08/10/2026 is CONSULTATION_DEADLINE_TOO_FAR, and so is 2199', async () => {
    const { engine, id, refused } = await processing();
    expect(ruleOf(await refused(consult('2026-10-08', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'CONSULTATION_DEADLINE_TOO_FAR', ['deadline']]);
    expect(ruleOf(await refused(consult('2199-12-31', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'CONSULTATION_DEADLINE_TOO_FAR', ['deadline']]);
    await expect(engine.execute(cmd(id, consult('2026-10-07', '2025-10-07T09:00')))).resolves.toMatchObject({ duplicate: false });
  });

  it('the horizon is an engine option (dateHorizons.consultationDeadlineDays; Infinity: no upper bound)', async () => {
    const tight = await processing({ dateHorizons: { consultationDeadlineDays: 10 } });
    expect(ruleOf(await tight.refused(consult('2025-10-18', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'CONSULTATION_DEADLINE_TOO_FAR', ['deadline']]);
    await expect(tight.engine.execute(cmd(tight.id, consult('2025-10-17', '2025-10-07T09:00')))).resolves.toMatchObject({ duplicate: false });
    const open = await processing({ dateHorizons: { consultationDeadlineDays: Number.POSITIVE_INFINITY } });
    expect(ruleOf(await open.refused(consult('2025-10-01', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'CONSULTATION_DEADLINE_PASSED', ['deadline']]);
    await expect(open.engine.execute(cmd(open.id, consult('2199-12-31', '2025-10-07T09:00')))).resolves.toMatchObject({ duplicate: false });
  });
});

describe('rescheduled return date (NĐ 61/2018 Đ19.9, NĐ 118/2025 Đ19.6)', () => {
  it('not after the current due date stays RESCHEDULE_NOT_LATER', async () => {
    const { refused } = await processing();
    expect(ruleOf(await refused(reschedule('2025-10-08', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'RESCHEDULE_NOT_LATER', ['newDueDate']]);
  });

  it('a late extension to a day already past is RESCHEDULE_IN_PAST on newDueDate; to the same day after office hours too; later that day or after is accepted', async () => {
    // Due Thu 09/10; issued Wed 15/10 (late): Fri 10/10 is after the due date but before the command.
    const { engine, id, refused } = await processing();
    expect(ruleOf(await refused(reschedule('2025-10-10', '2025-10-15T09:00')))).toEqual(['RULE_VIOLATION', 'RESCHEDULE_IN_PAST', ['newDueDate']]);
    expect(ruleOf(await refused(reschedule('2025-10-15', '2025-10-15T18:00')))).toEqual(['RULE_VIOLATION', 'RESCHEDULE_IN_PAST', ['newDueDate']]);
    const r = await engine.execute(cmd(id, reschedule('2025-10-17', '2025-10-15T09:00')));
    expect(r.events[0]!.data).toMatchObject({ lateApology: true, newDue: { date: '2025-10-17' } });
    const sameDay = await processing();
    await expect(sameDay.engine.execute(cmd(sameDay.id, reschedule('2025-10-15', '2025-10-15T09:00')))).resolves.toMatchObject({ duplicate: false });
  });

  it('at most 365 days after the current due date by default: Fri 09/10/2026 is accepted, Mon 12/10/2026 and 2199 are RESCHEDULE_TOO_FAR; 9999 is outside the calendar', async () => {
    const { engine, id, refused } = await processing();
    expect(ruleOf(await refused(reschedule('2026-10-12', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'RESCHEDULE_TOO_FAR', ['newDueDate']]);
    expect(ruleOf(await refused(reschedule('2199-12-31', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'RESCHEDULE_TOO_FAR', ['newDueDate']]);
    const outside = await refused(reschedule('9999-12-31', '2025-10-07T09:00'));
    expect([outside?.code, outside?.issues.map((i) => i.path.join('.'))]).toEqual(['VALIDATION_FAILED', ['newDueDate']]);
    const r = await engine.execute(cmd(id, reschedule('2026-10-09', '2025-10-07T09:00')));
    expect(r.state.due?.rescheduled?.date).toBe('2026-10-09');
  });

  it('a late reschedule counts the horizon from its own day: 400 days late, 30 days ahead is accepted', async () => {
    const { engine, id } = await processing({ clock: () => new Date('2026-11-20T03:00:00Z') });
    // Due Thu 09/10/2025; issued Fri 13/11/2026: the new date Mon 14/12/2026 is 431 days after the due date, 31 after the reschedule.
    const r = await engine.execute(cmd(id, reschedule('2026-12-14', '2026-11-13T09:00')));
    expect(r.events[0]!.data).toMatchObject({ lateApology: true, newDue: { date: '2026-12-14' } });
    const far = await processing({ clock: () => new Date('2026-11-20T03:00:00Z') });
    expect(ruleOf(await far.refused(reschedule('2027-11-16', '2026-11-13T09:00')))).toEqual(['RULE_VIOLATION', 'RESCHEDULE_TOO_FAR', ['newDueDate']]);
  });

  it('the horizon is an engine option (dateHorizons.rescheduleDays)', async () => {
    const tight = await processing({ dateHorizons: { rescheduleDays: 7 } });
    expect(ruleOf(await tight.refused(reschedule('2025-10-17', '2025-10-07T09:00')))).toEqual(['RULE_VIOLATION', 'RESCHEDULE_TOO_FAR', ['newDueDate']]);
    await expect(tight.engine.execute(cmd(tight.id, reschedule('2025-10-16', '2025-10-07T09:00')))).resolves.toMatchObject({ duplicate: false });
  });

  it('an invalid horizon is a VALIDATION_FAILED naming the option', () => {
    for (const bad of [-1, 1.5, Number.NaN, '30'] as unknown[]) {
      let error: MotcuaError | undefined;
      try {
        createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), dateHorizons: { rescheduleDays: bad as number } });
      } catch (e) {
        error = e as MotcuaError;
      }
      expect([error?.code, error?.issues.map((i) => i.path.join('.'))]).toEqual(['VALIDATION_FAILED', ['dateHorizons.rescheduleDays']]);
    }
  });
});
