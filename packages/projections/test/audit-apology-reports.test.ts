/**
 * Audit (session 18): how the reports count a rescheduled dossier (domain
 * brief §3.5, §11 "Does a rescheduled due date clear the late flag? Keep
 * original and rescheduled due dates; report both ways"). 06a (legal clock),
 * Decision 766 indicator 2.1 (KPI clock) and TT 01 index 1 default to the
 * original due date; 06a and 766 read the rescheduled one on request. Each
 * case runs under both rule packs, chosen by receipt date (NĐ 61/2018 before
 * 01/07/2025, NĐ 118/2025 after).
 *
 * Procedure 2.002030: 3 working days; the receipt day is not counted. Dates
 * worked by hand in the comments (2024 and 2025 official calendars), never
 * from the code under test.
 */
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { decision766, foldProjection, report06a, timelinessProjection, tt01Projection, tt01Report } from '@motcua/projections';
import { catalog, intake, world } from './support/engine-world';

const cal = vietnamCalendar();
const P = '2.002030';

type Verdict = 'early' | 'onTime' | 'late';

function resolved06a(events: StoredEvent[], from: string, to: string, due: 'original' | 'rescheduled'): Verdict {
  const p = timelinessProjection({ calendar: cal });
  const [row] = report06a(foldProjection(p, events), { projection: p, catalog, from, to, due });
  expect(row!.resolved.total).toBe(1);
  return row!.resolved.late ? 'late' : row!.resolved.early ? 'early' : 'onTime';
}
function pending06a(events: StoredEvent[], from: string, to: string, asOf: string, due: 'original' | 'rescheduled'): 'withinTime' | 'overdue' {
  const p = timelinessProjection({ calendar: cal });
  const [row] = report06a(foldProjection(p, events), { projection: p, catalog, from, to, due, asOf: `${asOf}:00.000+07:00` });
  expect(row!.pending.total).toBe(1);
  return row!.pending.overdue ? 'overdue' : 'withinTime';
}
function onTime766(events: StoredEvent[], from: string, to: string, due: 'original' | 'rescheduled', asOf?: string): [number | null, number | null] {
  const p = timelinessProjection({ calendar: cal });
  const ind = decision766(foldProjection(p, events), { projection: p, catalog, from, to, due, ...(asOf ? { asOf: `${asOf}:00.000+07:00` } : {}) })[0]!.indicators['2.1'];
  return [ind.numerator, ind.denominator];
}
const tt01Index1 = (events: StoredEvent[], from: string, to: string) =>
  tt01Report(foldProjection(tt01Projection({ calendar: cal }), events), { catalog, from, to, by: 'agency' })[0]!.indices[1];

/** One dossier of 2.002030: received, transferred, then the steps given. */
async function dossier(received: string, steps: [object, string][]): Promise<StoredEvent[]> {
  const w = world();
  const id = crypto.randomUUID();
  await w.run(id, { type: 'ReceiveDossier', ...intake(P, 'direct') }, received);
  await w.run(id, { type: 'TransferDossier', mode: 'paper' }, `${received.slice(0, 11)}10:00`);
  for (const [body, at] of steps) await w.run(id, body, at);
  return w.events();
}
const apology = (newDueDate: string) => ({ type: 'IssueApology', reason: 'Chờ xác minh thực địa', lateUnit: 'Phòng Kinh tế', newDueDate });
const resolve = { type: 'Resolve' };

// [pack, received, apology day, new date, period from, to, [resolve day, 06a original, 06a rescheduled]…]
const PACKS = [
  {
    pack: 'NĐ 61/2018',
    // Mon 04/03/2024 → Tue 05 (1), Wed 06 (2), Thu 07 (3): due Thu 07/03/2024; apology Tue 05/03 (on time) to Tue 12/03.
    received: '2024-03-04T09:00',
    apologyAt: '2024-03-05T09:00',
    newDue: '2024-03-12',
    from: '2024-03-01',
    to: '2024-03-31',
    // after the original, before the new date · on the new date · after it
    resolves: [
      ['2024-03-11T10:00', 'late', 'early'],
      ['2024-03-12T16:00', 'late', 'onTime'],
      ['2024-03-13T09:00', 'late', 'late'],
      ['2024-03-07T15:00', 'onTime', 'early'],
    ] as [string, Verdict, Verdict][],
    pendingAsOf: '2024-03-11T23:00',
  },
  {
    pack: 'NĐ 118/2025',
    // Mon 06/10/2025 → Tue 07 (1), Wed 08 (2), Thu 09 (3): due Thu 09/10/2025; extension Tue 07/10 (on time) to Tue 14/10.
    received: '2025-10-06T09:00',
    apologyAt: '2025-10-07T09:00',
    newDue: '2025-10-14',
    from: '2025-10-01',
    to: '2025-10-31',
    resolves: [
      ['2025-10-13T10:00', 'late', 'early'],
      ['2025-10-14T16:00', 'late', 'onTime'],
      ['2025-10-15T09:00', 'late', 'late'],
      ['2025-10-09T15:00', 'onTime', 'early'],
    ] as [string, Verdict, Verdict][],
    pendingAsOf: '2025-10-13T23:00',
  },
];

describe('a rescheduled dossier in 06a, 766 and TT 01 (report both ways; defaults: original)', () => {
  for (const c of PACKS) {
    for (const [at, original, rescheduled] of c.resolves) {
      it(`${c.pack}: resolved ${at} → 06a/766 original ${original}, rescheduled ${rescheduled}; TT 01 index 1 follows the original`, async () => {
        const events = await dossier(c.received, [
          [apology(c.newDue), c.apologyAt],
          [resolve, at],
        ]);
        const accepted = events.find((e) => e.type === 'DossierAccepted')!.data as { rulePack: string };
        expect(accepted.rulePack).toBe(c.pack === 'NĐ 61/2018' ? 'nd61-2018' : 'nd118-2025');
        expect(resolved06a(events, c.from, c.to, 'original')).toBe(original);
        expect(resolved06a(events, c.from, c.to, 'rescheduled')).toBe(rescheduled);
        // No supplement: the KPI clock reads like the legal one.
        expect(onTime766(events, c.from, c.to, 'original')).toEqual([original === 'late' ? 0 : 1, 1]);
        expect(onTime766(events, c.from, c.to, 'rescheduled')).toEqual([rescheduled === 'late' ? 0 : 1, 1]);
        // TT 01 index 1 (total time vs limit): 2 shorter, 1 equal, 0 longer — the limit is not changed by an apology.
        expect(tt01Index1(events, c.from, c.to)).toBe(original === 'early' ? 2 : original === 'onTime' ? 1 : 0);
      });
    }
    it(`${c.pack}: pending between the two dates → overdue on the original, within time on the rescheduled`, async () => {
      const events = await dossier(c.received, [[apology(c.newDue), c.apologyAt]]);
      expect(pending06a(events, c.from, c.to, c.pendingAsOf, 'original')).toBe('overdue');
      expect(pending06a(events, c.from, c.to, c.pendingAsOf, 'rescheduled')).toBe('withinTime');
      // 766 2.1 reads a pending dossier at the reading instant: within time on the rescheduled date, not on the original.
      expect(onTime766(events, c.from, c.to, 'rescheduled', c.pendingAsOf)).toEqual([1, 1]);
      expect(onTime766(events, c.from, c.to, 'original', c.pendingAsOf)).toEqual([0, 1]);
    });
  }
});

describe('reschedule and supplements: the reports agree with the engine', () => {
  it('a supplement requested between the original and the rescheduled date restarts the legal clock on the rescheduled reading only', async () => {
    // Due Thu 07/03/2024; apology Tue 05/03 to Thu 14/03; request Fri 08/03 (within 14/03, past 07/03), provided Mon 11/03:
    // restart Tue 12 (1), Wed 13 (2), Thu 14 (3) → Thu 14/03. Resolved Wed 13/03.
    const events = await dossier('2024-03-04T09:00', [
      [apology('2024-03-14'), '2024-03-05T09:00'],
      [{ type: 'RequestSupplement', items: [{ name: 'Bản vẽ' }], reason: 'Thiếu bản vẽ' }, '2024-03-08T09:00'],
      [{ type: 'ProvideSupplement' }, '2024-03-11T09:00'],
      [resolve, '2024-03-13T10:00'],
    ]);
    const provided = events.find((e) => e.type === 'SupplementProvided')!.data as { due: { date: string } };
    expect(provided.due.date).toBe('2024-03-14');
    expect(resolved06a(events, '2024-03-01', '2024-03-31', 'rescheduled')).toBe('early');
    // Against the original date the request came after it: no restart, resolved late.
    expect(resolved06a(events, '2024-03-01', '2024-03-31', 'original')).toBe('late');
    // KPI: paused Fri 08 → Mon 11 = 1 working day (Mon 11). Original 07/03 + 1 = Fri 08/03 → late;
    // rescheduled 14/03 + 1 = Fri 15/03 → early.
    expect(onTime766(events, '2024-03-01', '2024-03-31', 'original')).toEqual([0, 1]);
    expect(onTime766(events, '2024-03-01', '2024-03-31', 'rescheduled')).toEqual([1, 1]);
  });

  it('after a late supplement (afterDue) and a late apology, a second supplement does not restart: the rescheduled date stays', async () => {
    // Due Thu 07/03/2024. Request Fri 08/03 (afterDue), provided Mon 11/03 (no restart). Late apology Mon 11/03 to Fri 15/03.
    // Second request Tue 12/03 (afterDue, sticky), provided Wed 13/03. Resolved Thu 14/03: before Fri 15/03.
    const events = await dossier('2024-03-04T09:00', [
      [{ type: 'RequestSupplement', items: [{ name: 'Bản vẽ' }], reason: 'Thiếu' }, '2024-03-08T09:00'],
      [{ type: 'ProvideSupplement' }, '2024-03-11T09:00'],
      [apology('2024-03-15'), '2024-03-11T10:00'],
      [{ type: 'RequestSupplement', items: [{ name: 'Sơ đồ' }], reason: 'Thiếu' }, '2024-03-12T09:00'],
      [{ type: 'ProvideSupplement' }, '2024-03-13T09:00'],
      [resolve, '2024-03-14T10:00'],
    ]);
    expect(events.find((e) => e.type === 'ApologyIssued')!.data).toMatchObject({ lateApology: true });
    expect(resolved06a(events, '2024-03-01', '2024-03-31', 'rescheduled')).toBe('early');
    expect(resolved06a(events, '2024-03-01', '2024-03-31', 'original')).toBe('late');
    // Two post-acceptance requests: late on the KPI clock whatever the due date (F766 "> 1 supplement → late").
    expect(onTime766(events, '2024-03-01', '2024-03-31', 'original')).toEqual([0, 1]);
    expect(onTime766(events, '2024-03-01', '2024-03-31', 'rescheduled')).toEqual([0, 1]);
  });
});
