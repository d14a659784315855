/**
 * Audit (session 18): the appointment (ngày hẹn trả kết quả) the portal holds
 * must be the one in force for the applicant, whatever order Form 04 and a
 * supplement came in:
 * - Form 04 (domain §3.5, NĐ 118/2025 Đ19.6) moves the return date once;
 * - a supplement requested within time restarts the legal limit from zero when the
 *   complete dossier arrives (§3.3, §4.3, Đ19.5): the restarted date replaces Form 04's;
 * - a supplement requested past the appointment (`SupplementRequested.afterDue`) restarts
 *   nothing: the appointment stays (Form 04's if there was one).
 * The portal keeps the latest value of each field it is told (partial updates); with only
 * `legalDue` and `rescheduledDue` it cannot tell which of the two is in force, so the
 * appointment is sent as `dueAt`. Hand-worked dates (procedure 2.002030, 3 working days,
 * July 2025 has no holiday), and a property over random engine histories whose oracle is
 * the rule above written here from the state's own facts (not core's `appointmentOf`).
 */
import { randomUUID } from 'node:crypto';
import { createEngine, foldDossier, InMemoryEventStore, dossierStreamId, type CommandBody, type DossierEvent, type DossierState, type StoredEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyArb, runHistory } from '../../projections/test/support/generate';
import { applyPortalUpdate, decodePortalRecord, encodePortalRecord, expectedPortalRecords, portalUpdateOf, reconcile, type PortalDossierRecord } from '../src';
import { INTAKE, UNIT } from './support/engine';

async function run(steps: [string, CommandBody][]): Promise<StoredEvent[]> {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
  const dossierId = randomUUID();
  for (const [at, body] of steps)
    await engine.execute({ ...body, dossierId, commandId: randomUUID(), actor: { id: 'cv-01', role: 'officer', unit: UNIT.code }, at: `${at}:00.000+07:00` } as never);
  return (await store.readStream(dossierStreamId(dossierId))).events as StoredEvent[];
}

const receive = { type: 'ReceiveDossier', ...INTAKE } as CommandBody;
const transfer = { type: 'TransferDossier', mode: 'electronic' } as CommandBody;
const apology = { type: 'IssueApology', reason: 'Chậm thẩm định', lateUnit: 'Phòng chuyên môn', newDueDate: '2025-07-15' } as CommandBody;
const supplement = { type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ' }], reason: 'Thiếu giấy tờ' } as CommandBody;
const provide = { type: 'ProvideSupplement' } as CommandBody;

/** What the portal holds once every update arrived, in order. */
function held(events: readonly StoredEvent[]): PortalDossierRecord {
  const records = [...expectedPortalRecords(events).values()];
  expect(records).toHaveLength(1);
  return records[0]!;
}
const day = (instant: string | undefined) => instant?.slice(0, 10);

describe('the appointment sent to the portal (hand-worked)', () => {
  it('Form 04 to 15/07, then a supplement requested within time and provided 14/07: the portal holds 17/07, not 15/07', async () => {
    // Received Mon 07/07 09:00 → due Thu 10/07 (receipt day not counted). Form 04 on Tue 08/07 → Tue 15/07.
    // Supplement requested Tue 08/07 (before the due date), provided Mon 14/07 → restart: Tue 15, Wed 16, Thu 17/07.
    const events = await run([
      ['2025-07-07T09:00', receive],
      ['2025-07-07T09:30', transfer],
      ['2025-07-08T09:00', apology],
      ['2025-07-08T10:00', supplement],
      ['2025-07-14T09:00', provide],
    ]);
    const record = held(events);
    expect(day(record.legalDue)).toBe('2025-07-17');
    expect(day(record.rescheduledDue)).toBe('2025-07-15'); // Form 04 is still reported as such
    expect(day(record.dueAt)).toBe('2025-07-17'); // …but the appointment in force is the restarted one
    expect(day(portalUpdateOf(events.at(-1)!)?.dueAt)).toBe('2025-07-17');
  });

  it('Form 04 to 15/07, then a supplement requested on 16/07 (past it) and provided 17/07: the appointment stays 15/07', async () => {
    // The request on Wed 16/07 is past the appointment in force (15/07): afterDue, the clock restarts nothing and
    // SupplementProvided keeps the legal due 10/07. The appointment the applicant holds is still Form 04's 15/07.
    const events = await run([
      ['2025-07-07T09:00', receive],
      ['2025-07-07T09:30', transfer],
      ['2025-07-08T09:00', apology],
      ['2025-07-16T10:00', supplement],
      ['2025-07-17T09:00', provide],
    ]);
    expect((events[3]!.data as { afterDue?: boolean }).afterDue).toBe(true);
    const record = held(events);
    expect(day(record.legalDue)).toBe('2025-07-10');
    expect(day(record.rescheduledDue)).toBe('2025-07-15');
    expect(day(record.dueAt)).toBe('2025-07-15');
    // The update of the late supplement must not tell the portal an appointment of 10/07.
    const last = portalUpdateOf(events.at(-1)!)!;
    expect(last.status).toBe(4);
    expect(last.dueAt === undefined || day(last.dueAt) === '2025-07-15').toBe(true);
  });

  it('no Form 04; a supplement requested Fri 11/07 (past 10/07), provided Mon 14/07: the appointment stays 10/07', async () => {
    const events = await run([
      ['2025-07-07T09:00', receive],
      ['2025-07-07T09:30', transfer],
      ['2025-07-11T10:00', supplement],
      ['2025-07-14T09:00', provide],
    ]);
    const record = held(events);
    expect(day(record.legalDue)).toBe('2025-07-10');
    expect(record.rescheduledDue).toBeUndefined();
    expect(day(record.dueAt)).toBe('2025-07-10');
  });

  it('no Form 04; a supplement requested Tue 08/07, provided Wed 09/07: restart → Mon 14/07', async () => {
    // Three working days after Wed 09/07: Thu 10, Fri 11, Mon 14/07 (Sat 12, Sun 13 are not working days).
    const events = await run([
      ['2025-07-07T09:00', receive],
      ['2025-07-07T09:30', transfer],
      ['2025-07-08T10:00', supplement],
      ['2025-07-09T09:00', provide],
    ]);
    const record = held(events);
    expect(day(record.dueAt)).toBe('2025-07-14');
    expect(day(record.legalDue)).toBe('2025-07-14');
    // At acceptance the portal was told the first appointment, Thu 10/07.
    expect(day(portalUpdateOf(events[0]!)?.dueAt)).toBe('2025-07-10');
  });

  it('a supplement provided, then Form 04: Form 04 is in force', async () => {
    // Restart on Tue 08/07 → Fri 11/07; then Form 04 on Wed 09/07 → Tue 15/07.
    const events = await run([
      ['2025-07-07T09:00', receive],
      ['2025-07-07T09:30', transfer],
      ['2025-07-07T10:00', supplement],
      ['2025-07-08T09:00', provide],
      ['2025-07-09T09:00', apology],
    ]);
    const record = held(events);
    expect(day(record.legalDue)).toBe('2025-07-11');
    expect(day(record.dueAt)).toBe('2025-07-15');
  });
});

describe('the appointment at the portal: compact records and reconciliation', () => {
  it('a compact record written before `dueAt` existed (11 fields) decodes without it; a new one keeps it', () => {
    const old = decodePortalRecord(
      'd-1',
      '[4,5,"2025-07-14T09:00:00.000+07:00","2025-07-07T09:00:00.000+07:00",null,"X-250707-0001",null,null,1,"2025-07-17T17:00:00.000+07:00","2025-07-15T17:00:00.000+07:00"]',
    );
    expect(old.legalDue).toBe('2025-07-17T17:00:00.000+07:00');
    expect(old.rescheduledDue).toBe('2025-07-15T17:00:00.000+07:00');
    expect('dueAt' in old).toBe(false);
    const withDue = { ...old, dueAt: '2025-07-17T17:00:00.000+07:00', history: [] };
    expect(decodePortalRecord('d-1', encodePortalRecord(withDue)).dueAt).toBe('2025-07-17T17:00:00.000+07:00');
  });

  it('a portal holding Form 04’s 15/07 as the appointment while ours is the restarted 17/07: due-date-differs', async () => {
    const events = await run([
      ['2025-07-07T09:00', receive],
      ['2025-07-07T09:30', transfer],
      ['2025-07-08T09:00', apology],
      ['2025-07-08T10:00', supplement],
      ['2025-07-14T09:00', provide],
    ]);
    const ours = held(events);
    const portal = { ...ours, dueAt: ours.rescheduledDue! };
    const report = reconcile({ period: { from: '2025-07-01', to: '2025-07-31' }, ours: [ours], portal: [portal] });
    expect(report.mismatches.map((mismatch) => mismatch.reason)).toEqual(['due-date-differs']);
    expect(day(report.mismatches[0]!.portal?.dueAt)).toBe('2025-07-15');
    expect(day(report.mismatches[0]!.ours?.dueAt)).toBe('2025-07-17');
  });
});

/**
 * The appointment in force, from the rule (domain §3.3, §3.5, §4.3): the legal due; Form 04's date once issued;
 * replaced by the legal due again when a supplement requested within time is provided after Form 04.
 */
function appointmentOracle(state: DossierState): string | undefined {
  if (!state.due) return undefined;
  const legal = state.due.legal.at;
  const form04 = state.apology;
  if (!form04 || !state.due.rescheduled) return legal;
  const restartedAfter = state.supplements.some((s) => s.providedAt !== undefined && s.afterDue !== true && Date.parse(s.providedAt) > Date.parse(form04.at));
  return restartedAfter ? legal : state.due.rescheduled.at;
}

function byStream(events: readonly StoredEvent[]): Map<string, StoredEvent[]> {
  const out = new Map<string, StoredEvent[]>();
  for (const event of events) out.set(event.streamId, [...(out.get(event.streamId) ?? []), event]);
  return out;
}

describe('the appointment the portal holds follows the dossier after every event (fast-check, real engine)', () => {
  it('dueAt, legalDue and rescheduledDue at the portal equal the state’s after every event', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const { events, engine } = await runHistory(scripts);
        for (const [streamId, stream] of byStream(events)) {
          let record: PortalDossierRecord | undefined;
          for (let index = 0; index < stream.length; index++) {
            const update = portalUpdateOf(stream[index]!);
            if (update) record = applyPortalUpdate(record, update, `k${index}`, update.occurredAt);
            const state = foldDossier(streamId, stream.slice(0, index + 1) as unknown as DossierEvent[], engine.tableFor);
            if (!state.due) continue;
            expect(record?.legalDue).toBe(state.due.legal.at);
            expect(record?.rescheduledDue).toBe(state.due.rescheduled?.at);
            expect(record?.dueAt).toBe(appointmentOracle(state));
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
