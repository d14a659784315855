/**
 * The officers' worklists agree with the reports (docs/worklists.md): random
 * command walks through the real engine (supplements within and after the due
 * date, answered or not, Form 04, fee requests and payments, withdrawals,
 * both rule packs), followed into a SQLite dossier list; for every dossier, at
 * every instant looked at, "in the `overdue` worklist" equals "counted
 * pending overdue by report 06a" — the real timeliness projection folded over
 * that dossier's events, legal clock, Form 04's date (`due: 'rescheduled'`,
 * the date the list shows), the default `byLimit` policy.
 *
 * The list is minute-precise while a limit in days is read by the local day in
 * the reports, so for those dossiers the two are compared at local midnights,
 * where both readings coincide (overdue at 00:00 of day X ⇔ due day < X);
 * dossiers with a limit in working hours are compared at every instant looked
 * at — around the due instant and around the first working instant after it
 * (`overdueFromMs`: a due that ends a session is passed only at the next
 * opening, in the list as in 06a).
 *
 * Also worked examples of the fee wait (status 6): no rule stops the legal
 * clock while the applicant pays (domain §3.1 step 7, §4: only a
 * post-acceptance supplement restarts it; F766 subtracts supplement time
 * only), the engine's due date and the deadline watcher ignore it, and so do
 * the reports: the worklist lists such a dossier overdue, as they count it.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { dossierIdOfStream, DOSSIER_STREAM_PREFIX, localDateOf, toVietnamInstant, type DossierListTable, type EventStore, type StoredEvent } from '@motcua/core';
import { createSqliteDossierList, createSqliteEventStore } from '@motcua/store-sqlite';
import { foldProjection, report06a, timelinessProjection } from '@motcua/projections';
import { desk } from '../../store-sqlite/test/support/worklist-examples';
import { runWalk, walkArb, walkCatalog, worklistIds, UNITS } from '../../store-sqlite/test/support/worklist-walk';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const catalog = walkCatalog();
const projection = timelinessProjection({ calendar: vietnamCalendar() });

async function open() {
  const store = await createSqliteEventStore({ filename: ':memory:' });
  return { store, table: createSqliteDossierList(store), close: () => store.close() };
}

/** Events per dossier stream, in order. */
async function streams(store: EventStore): Promise<Map<string, StoredEvent[]>> {
  const out = new Map<string, StoredEvent[]>();
  for await (const e of store.readAll()) {
    if (!e.streamId.startsWith(DOSSIER_STREAM_PREFIX)) continue;
    const id = dossierIdOfStream(e.streamId);
    out.set(id, [...(out.get(id) ?? []), e]);
  }
  return out;
}

/** Report 06a's reading of one dossier at `asOf`: pending overdue (legal clock, Form 04's date, byLimit). */
function reportOverdue(events: readonly StoredEvent[], asOf: string): boolean {
  const state = foldProjection(projection, events);
  const day = localDateOf(asOf);
  const rows = report06a(state, { projection, catalog, from: day, to: day, asOf, clock: 'legal', due: 'rescheduled', groupBy: ['unit'] });
  const overdue = rows.reduce((n, r) => n + r.pending.overdue, 0);
  expect(overdue).toBeLessThanOrEqual(1);
  return overdue === 1;
}

const midnight = (ms: number) => Date.parse(`${localDateOf(toVietnamInstant(ms))}T00:00:00.000+07:00`);

async function listed(table: DossierListTable, unit: string, now: string): Promise<Set<string>> {
  return new Set(await worklistIds(table, { unit }, 'overdue', now));
}

describe('worklist overdue = report 06a pending overdue (property, SQLite)', () => {
  it('random walks: each dossier is in the overdue worklist exactly when 06a counts it pending overdue', async () => {
    let compared = 0;
    let overdueSeen = 0;
    await fc.assert(
      fc.asyncProperty(walkArb, async (walk) => {
        const opened = await open();
        try {
          await runWalk(walk, opened.store, opened.table, async (lastMs) => {
            const byId = await streams(opened.store);
            const rows = await opened.table.all();
            // Midnights from the next one on, and for dossiers in working hours the minutes around their due instants.
            const first = midnight(lastMs) + DAY;
            const midnights = [0, 1, 2, 3, 4, 6, 9, 14, 30].map((n) => first + n * DAY);
            for (const row of rows) {
              const events = byId.get(row.dossierId)!;
              const hours = events.some((e) => e.type === 'DossierAccepted' && (e.data as { limit: { unit: string } }).limit.unit === 'workingHours');
              const instants = [...midnights];
              if (hours && row.dueMs !== null) {
                const from = row.overdueFromMs!;
                for (const t of [row.dueMs - 60_000, row.dueMs, row.dueMs + 1, row.dueMs + 60_000, row.dueMs + 30 * 60_000, from - 1, from, from + 60_000, lastMs + HOUR])
                  if (t > lastMs) instants.push(t);
              }
              for (const t of instants) {
                const now = toVietnamInstant(t);
                const inList = (await listed(opened.table, row.unit ?? UNITS[0]!.code, now)).has(row.dossierId);
                const want = row.unit === null ? false : reportOverdue(events, now);
                expect(inList, `${row.dossierId} at ${now}: ${events.map((e) => `${e.type}@${e.metadata.occurredAt}`).join(', ')}`).toBe(want);
                compared++;
                if (want) overdueSeen++;
              }
            }
          });
        } finally {
          await opened.close();
        }
      }),
      { numRuns: 60 },
    );
    expect(compared).toBeGreaterThan(500);
    expect(overdueSeen).toBeGreaterThan(50);
  }, 300_000);
});

describe('fee wait (status 6): the clock runs, in the worklists as in the engine and the reports', () => {
  // 2.002030, three working days, received Mon 07/07/2025 09:00 → due Thu 10/07 (the receipt day is not counted).
  const vn = (local: string) => `${local}:00.000+07:00`;
  const INTAKE = { procedureCode: '2.002030', unit: UNITS[0]!, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct', components: [] };
  const fee = { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }] };

  it('fee requested on 09/07 and not paid: overdue from 11/07 in the worklist, in the engine and in report 06a', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      await d.run(id, [
        ['2025-07-07T09:00', { type: 'ReceiveDossier', ...INTAKE } as never],
        ['2025-07-07T09:30', { type: 'TransferDossier', mode: 'electronic' } as never],
        ['2025-07-09T10:00', fee as never],
      ]);
      const row = await d.row(id);
      expect(row).toMatchObject({ nationalStatus: 6, dueDate: '2025-07-10', open: true });
      expect(row.clockStopped).toBeUndefined();
      // The engine's due date is untouched by the fee request.
      expect((await d.engine.get(id)).due?.legal.date).toBe('2025-07-10');
      expect(await d.ids('dueToday', '2025-07-10T09:00')).toEqual([id]);
      expect(await d.ids('overdue', '2025-07-10T16:59')).toEqual([]);
      expect(await d.ids('overdue', '2025-07-11T00:00')).toEqual([id]);
      const events = (await streams(opened.store)).get(id)!;
      expect(reportOverdue(events, vn('2025-07-10T23:59'))).toBe(false);
      expect(reportOverdue(events, vn('2025-07-11T00:00'))).toBe(true);
      // Paid on 14/07: the due date is still 10/07 (nothing restarts), still overdue everywhere.
      await d.run(id, [['2025-07-14T09:00', { type: 'RecordFeePayment', amountVnd: 50_000, method: 'counter' } as never]]);
      expect(await d.row(id)).toMatchObject({ nationalStatus: 4, dueDate: '2025-07-10' });
      expect(await d.ids('overdue', '2025-07-14T10:00')).toEqual([id]);
      expect(reportOverdue((await streams(opened.store)).get(id)!, vn('2025-07-14T10:00'))).toBe(true);
    } finally {
      await opened.close();
    }
  });
});
