import { computeDue, vietnamCalendar } from '@motcua/calendar';
import { arbInstant, calendarProperties } from '@motcua/calendar/testkit';
import { scenario } from '@motcua/core/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { provinceCatalog, UNIT } from '../src/guide/catalog.ts';

const catalog = provinceCatalog();
const intake = { procedureCode: '2.002030', unit: UNIT, applicant: { name: 'Trần Thị Bình' }, channel: 'direct' } as const;

describe('business registration (2.002030)', () => {
  it('is due 3 working days after receipt, the receipt day not counted (NĐ 01/2021 Đ33)', async () => {
    // Friday 27/10/2023 + 3 working days: Mon 30, Tue 31/10, Wed 01/11.
    const { state } = await scenario({ catalog })
      .given()
      .when({ type: 'ReceiveDossier', ...intake, at: '2023-10-27T09:32:00+07:00' })
      .run();
    expect(state.due?.legal.date).toBe('2023-11-01');
  });

  it('goes to the agency by transfer, and cannot be returned before it is resolved', async () => {
    const given = scenario({ catalog }).given({ type: 'ReceiveDossier', ...intake, at: '2024-03-04T09:00:00+07:00' });
    await given.when({ type: 'TransferDossier', at: '2024-03-04T10:00:00+07:00' }).thenEvents(['DossierTransferred']);
    await given.when({ type: 'ReturnResult', method: 'counter', at: '2024-03-04T10:00:00+07:00' }).thenFails('INVALID_TRANSITION');
  });

  it('property: whenever it is received, the due date is the third working day after the receipt day', async () => {
    const cal = vietnamCalendar();
    await fc.assert(
      fc.asyncProperty(arbInstant({ min: '2022-01-01', max: '2026-06-30' }) /* in the engine clock's past */, async (at) => {
        const { state } = await scenario({ catalog })
          .given()
          .when({ type: 'ReceiveDossier', ...intake, at })
          .run();
        const due = state.due!.legal.date;
        // Oracle: count the working days after the receipt day one by one; a receipt on a
        // day off counts from the next working day, itself not counted (docs/lifecycle.md).
        const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        let day = at.slice(0, 10);
        while (!cal.isWorkingDay(day)) day = next(day);
        let counted = 0;
        while (counted < 3) {
          day = next(day);
          if (cal.isWorkingDay(day)) counted++;
        }
        return cal.isWorkingDay(due) && due > at.slice(0, 10) && due === day;
      }),
      { numRuns: 40 },
    );
  });
});

describe('the province calendar', () => {
  it('keeps every shipped calendar property with a province day off', () => {
    const cal = vietnamCalendar({ overrides: [{ date: '2025-11-24', kind: 'off', reason: 'Ngày Văn hóa Việt Nam (tỉnh)' }] });
    expect(computeDue('2025-11-21T09:00:00+07:00', { unit: 'workingDays', value: 1 }, cal).date).toBe('2025-11-25');
    for (const property of Object.values(calendarProperties(cal, { min: '2025-01-01', max: '2026-12-31' }))) fc.assert(property as fc.IRawProperty<unknown[]>, { numRuns: 100 });
  });
});
