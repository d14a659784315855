/**
 * Step budgets in working days against an independent day-count oracle (audit, session 19).
 *
 * Domain §12.2 and docs/lifecycle.md ("The clock of a step"): a step starts at the transfer (the first), at the
 * forward of the previous one, or at the payment / supplement that ends a pause; its deadline is its budget in working
 * days from that instant, the start day not counted (a start on a day off counts from the next working day, which is
 * not counted either), ending at 17:00 of the last day; a forward after that instant is `late` (the documented
 * limitation: a budget in days is compared at 17:00 of its last day). A fee wait does not move the legal due date
 * (docs/worklists.md). The oracle only asks the calendar whether a day is a working day and counts by hand.
 */
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { type CommandBody, type CommandInput, InMemoryEventStore, createCatalog, createEngine, defineProcedure } from '@motcua/core';
import { sampleProcedures } from '@motcua/core/testkit';
import { applicant, unit } from './helpers';

const cal = vietnamCalendar();
const officer = { id: 'cb-01', role: 'officer', unit: unit.code };

/** Local (UTC+7) date of an instant in ms. */
const localDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const instant = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().replace('Z', '+07:00');

/** The oracle: `n` working days after the start day (not counted; a day off moves the start to the next working day). */
function stepDue(startMs: number, n: number): string {
  let day = localDay(startMs);
  while (!cal.isWorkingDay(day)) day = nextDay(day);
  for (let counted = 0; counted < n; ) {
    day = nextDay(day);
    if (cal.isWorkingDay(day)) counted++;
  }
  return `${day}T17:00:00.000+07:00`;
}

describe('step deadlines in working days = the hand count; late exactly after 17:00 of the last day', () => {
  it('random transfers, forwards and a fee pause over the Quốc khánh 2025 and Tết 2026 breaks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })),
        fc.integer({ min: Date.parse('2025-08-20T00:00:00Z'), max: Date.parse('2026-02-20T00:00:00Z') }),
        fc.array(fc.integer({ min: 1, max: 12 * 24 }), { minLength: 4, maxLength: 4 }), // gaps in hours between acts
        fc.integer({ min: 0, max: 3 }), // the fee is requested at this step (3: no fee)
        async (budgets, startMs, gaps, feeAt) => {
          const procedure = defineProcedure({
            ...sampleProcedures.businessRegistration,
            code: '2.999190',
            timeLimit: { statutory: { unit: 'workingDays', value: 30 } },
            approvalRoute: {
              steps: budgets.map((value, i) => ({ id: `s${i}`, role: 'specialist', label: `Bước ${i + 1}`, limit: { unit: 'workingDays' as const, value } })),
            },
          });
          const engine = createEngine({
            store: new InMemoryEventStore(),
            catalog: createCatalog({ procedures: [procedure] }),
            policy: 'none',
            clock: () => new Date('2030-01-01T00:00:00Z'),
          });
          const id = uuidv7();
          const run = (body: CommandBody) => engine.execute({ ...body, actor: officer, commandId: uuidv7(), dossierId: id } as CommandInput);
          let t = startMs;
          await run({ type: 'ReceiveDossier', procedureCode: procedure.code, unit, applicant, channel: 'direct', at: instant(t) } as CommandBody);
          t += 60_000;
          let s = (await run({ type: 'TransferDossier', at: instant(t) } as CommandBody)).state;
          const legalDue = s.due!.legal.at;
          expect(s.approval!.dueAt).toBe(stepDue(t, budgets[0]!));
          for (let i = 0; i < 3; i++) {
            if (feeAt === i) {
              t += 3_600_000;
              await run({ type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }], at: instant(t) } as CommandBody);
              t += gaps[3]! * 3_600_000;
              s = (await run({ type: 'RecordFeePayment', amountVnd: 50_000, method: 'online', at: instant(t) } as CommandBody)).state;
              // The step starts again from the payment (docs/lifecycle.md); the legal due date does not move.
              expect(s.approval!.dueAt).toBe(stepDue(t, budgets[i]!));
              expect(s.approval!.startedAt).toBe(instant(t));
              expect(s.due!.legal.at).toBe(legalDue);
            }
            const due = s.approval!.dueAt!;
            t += gaps[i]! * 3_600_000;
            const forwarded = await run({ type: 'ForwardStep', at: instant(t) } as CommandBody);
            expect(forwarded.events[0]!.data).toMatchObject({ from: { stepIndex: i }, late: t > Date.parse(due) });
            s = forwarded.state;
            expect(s.nationalStatus).toBe(4);
            if (i < 2) expect(s.approval!.dueAt).toBe(stepDue(t, budgets[i + 1]!));
          }
          expect(s.approval!.done).toBe(true);
        },
      ),
      {
        numRuns: 40,
        examples: [
          // Transferred Fri 29/08/2025 10:00 (03:00Z): Mon 01/09 and Tue 02/09 are off; 2 working days → Thu 04/09.
          [[2, 1, 0], Date.parse('2025-08-29T02:59:00Z'), [24, 24, 24, 24], 0],
          // Transferred Sat 14/02/2026, a day off just before the Tết 2026 break: the steps count from the break's end.
          [[1, 0, 3], Date.parse('2026-02-14T02:00:00Z'), [200, 5, 100, 48], 1],
        ],
      },
    );
  });

  it('the oracle by hand: from Fri 29/08/2025, 2 working days → Thu 04/09/2025 17:00; from Sat 30/08, 0 days → Wed 03/09', () => {
    expect(stepDue(Date.parse('2025-08-29T03:00:00Z'), 2)).toBe('2025-09-04T17:00:00.000+07:00');
    expect(stepDue(Date.parse('2025-08-30T03:00:00Z'), 0)).toBe('2025-09-03T17:00:00.000+07:00'); // Sat in the break: Wed 03/09 is the first working day
  });
});
