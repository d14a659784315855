/**
 * The supplement notice after appraisal is due "within 3 working days of
 * receipt" (NĐ 61/2018 Đ19.4; domain.md §3.3), and a receipt counts as the
 * engine's due dates count it: after the procedure's cut-off, or on a day off
 * (a Saturday online receipt), from the next working day (domain.md §4.2,
 * §4.5; the receipt day itself is not counted, §4.1). A later notice is
 * `lateNotice`. Expected values: hand-computed from the 2024 calendar, and a
 * brute-force day walk over `isWorkingDay`, never the engine's due code.
 */
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { createCatalog, createEngine, defineProcedure, InMemoryEventStore, type CommandBody, type Procedure } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, cmd, unit, vn } from './helpers';

/** Business registration: 3 working days, no cut-off. */
const PLAIN = '2.002030';
const cutOff: Procedure = defineProcedure({
  code: '1.977001',
  name: { vi: 'Thủ tục thử có giờ chốt 15:00' },
  field: { code: 'T', name: 'Thử' },
  level: 'commune',
  agency: { code: 'UBND-XA', name: 'UBND xã' },
  timeLimit: { statutory: { unit: 'workingDays', value: 3 } },
  sameDayCutoff: '15:00',
  validFrom: '2018-07-01',
});

function newEngine() {
  const catalog = createCatalog({ procedures: [...sampleCatalog().list(), cutOff] });
  return createEngine({ store: new InMemoryEventStore(), catalog, policy: 'none' });
}

const receive = (procedureCode: string, at: string, channel: 'direct' | 'online'): CommandBody =>
  ({ type: 'ReceiveDossier', procedureCode, unit, applicant, channel, at }) as CommandBody;

/** Receive, transfer the next working morning, request a supplement at `noticeAt`: its `lateNotice`. */
async function noticeLate(procedureCode: string, receivedAt: string, channel: 'direct' | 'online', transferAt: string, noticeAt: string): Promise<boolean> {
  const engine = newEngine();
  const id = uuidv7();
  await engine.execute(cmd(id, receive(procedureCode, receivedAt, channel)));
  await engine.execute(cmd(id, { type: 'TransferDossier', mode: channel === 'online' ? 'electronic' : 'paper', at: transferAt } as CommandBody));
  const result = await engine.execute(cmd(id, { type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'Thiếu điều lệ', at: noticeAt } as CommandBody));
  return result.state.supplements[0]!.lateNotice;
}

describe('supplement notice within 3 working days of receipt (Đ19.4)', () => {
  it('an online receipt on Sat 09/03/2024 counts from Mon 11/03: a notice on Thu 14/03 is in time, on Fri 15/03 late', async () => {
    expect(await noticeLate(PLAIN, vn('2024-03-09T10:00'), 'online', vn('2024-03-11T08:00'), vn('2024-03-14T09:00'))).toBe(false);
    expect(await noticeLate(PLAIN, vn('2024-03-09T10:00'), 'online', vn('2024-03-11T08:00'), vn('2024-03-15T09:00'))).toBe(true);
  });

  it('a receipt on Fri 08/03/2024 at 16:00, after the 15:00 cut-off, counts from Mon 11/03: Thu 14/03 in time, Fri 15/03 late', async () => {
    expect(await noticeLate(cutOff.code, vn('2024-03-08T16:00'), 'direct', vn('2024-03-11T08:00'), vn('2024-03-14T09:00'))).toBe(false);
    expect(await noticeLate(cutOff.code, vn('2024-03-08T16:00'), 'direct', vn('2024-03-11T08:00'), vn('2024-03-15T09:00'))).toBe(true);
  });

  it('a receipt on Fri 08/03/2024 at 14:00, before the cut-off: Wed 13/03 in time, Thu 14/03 late', async () => {
    expect(await noticeLate(cutOff.code, vn('2024-03-08T14:00'), 'direct', vn('2024-03-11T08:00'), vn('2024-03-13T09:00'))).toBe(false);
    expect(await noticeLate(cutOff.code, vn('2024-03-08T14:00'), 'direct', vn('2024-03-11T08:00'), vn('2024-03-14T09:00'))).toBe(true);
  });

  it('property: lateNotice is exactly "the notice day is after the 3rd working day after the day the receipt counts as"', async () => {
    const cal = vietnamCalendar();
    const DAY = 86_400_000;
    const local = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19);
    const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    /** The brute-force rule: the day the receipt counts as, then three working days counted one by one. */
    const lastDayInTime = (receivedLocal: string, cutoff: boolean): string => {
      let day = receivedLocal.slice(0, 10);
      const afterCutoff = cutoff && receivedLocal.slice(11, 19) > '15:00:00';
      if (!cal.isWorkingDay(day) || afterCutoff) {
        day = nextDay(day);
        while (!cal.isWorkingDay(day)) day = nextDay(day);
      }
      for (let counted = 0; counted < 3; ) {
        day = nextDay(day);
        if (cal.isWorkingDay(day)) counted++;
      }
      return day;
    };
    const start = Date.UTC(2024, 0, 1) - 7 * 3_600_000;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 * 365 }),
        fc.integer({ min: 7 * 60, max: 17 * 60 + 59 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        async (dayOffset, minute, withCutoff, noticeAfter) => {
          const receivedMs = start + dayOffset * DAY + minute * 60_000;
          const receivedLocal = local(receivedMs);
          const channel = cal.isWorkingDay(receivedLocal.slice(0, 10)) ? 'direct' : 'online';
          // The transfer the next day at 07:30 local, the notice `noticeAfter` days later at 08:00 (business time never goes back).
          const transferMs = Date.parse(`${nextDay(receivedLocal.slice(0, 10))}T00:30:00Z`);
          const noticeDay = new Date(transferMs + noticeAfter * DAY).toISOString().slice(0, 10);
          const late = await noticeLate(withCutoff ? cutOff.code : PLAIN, vn(receivedLocal.slice(0, 16)), channel, vn(local(transferMs).slice(0, 16)), vn(`${noticeDay}T08:00`));
          expect(late).toBe(noticeDay > lastDayInTime(receivedLocal, withCutoff));
        },
      ),
      { numRuns: 200 },
    );
  });
});
