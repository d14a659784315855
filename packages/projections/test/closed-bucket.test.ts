/**
 * Closed dossiers in their own 06a bucket (issue #12 item 2; NĐ 118/2025 Đ19.5:
 * the one-stop officer closes a dossier whose applicant did not complete it
 * within 15 days of the supplement notice). Expected values are worked by
 * hand from the articles; the property compares with the brute-force oracle
 * (test/support/oracle.ts, which reads the event types) and checks
 * `c3 = c7 + c11 + other`, `other = refused + withdrawn + stopped + closed`
 * for dossiers received on 30/06/2025 (NĐ 61/2018 pack: no closure) and from
 * 01/07/2025 (NĐ 118/2025 pack).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryEventStore, MotcuaError, type Engine, type StoredEvent } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { foldProjection, report06a, table06a, timelinessProjection, decision766 } from '@motcua/projections';
import { UNITS, testCatalog } from './support/generate';
import { oracle06a, type Clock, type GroupDim } from './support/oracle';

const catalog = testCatalog();
const cal = vietnamCalendar();
const actor = { id: 'cv-01', role: 'officer' };
const all = (engine: Engine): StoredEvent[] => [...(engine.store as unknown as { allEvents(): readonly StoredEvent[] }).allEvents()];

function newEngine(): Engine {
  return createEngine({ store: new InMemoryEventStore(), catalog, cacheSize: 0, policy: 'none' });
}
async function run(engine: Engine, id: string, body: object, at: string): Promise<boolean> {
  try {
    await engine.execute({ ...body, actor, commandId: randomUUID(), dossierId: id, at } as never);
    return true;
  } catch (e) {
    if (e instanceof MotcuaError) return false;
    throw e;
  }
}

/**
 * A: business registration received Mon 07/07/2025 (NĐ 118/2025 pack), supplement notice Wed 09/07;
 * the 15 days run to Thu 24/07 (09/07 + 15), so it may be closed from Fri 25/07: closed Mon 28/07.
 * B: received Mon 30/06/2025 (NĐ 61/2018 pack), supplement notice Wed 02/07; closing is not in its
 * pack, so the officer stops processing on Mon 28/07.
 */
async function worked(): Promise<{ events: StoredEvent[]; closeB: boolean; closeEarly: boolean }> {
  const engine = newEngine();
  const a = randomUUID();
  const b = randomUUID();
  const receive = { type: 'ReceiveDossier', procedureCode: '2.002030', unit: UNITS[0], applicant: { name: 'Nguyễn Văn An' }, channel: 'direct' };
  expect(await run(engine, b, receive, '2025-06-30T09:00:00.000+07:00')).toBe(true);
  expect(await run(engine, b, { type: 'TransferDossier', mode: 'electronic' }, '2025-06-30T14:00:00.000+07:00')).toBe(true);
  expect(await run(engine, a, receive, '2025-07-07T09:00:00.000+07:00')).toBe(true);
  expect(await run(engine, a, { type: 'TransferDossier', mode: 'electronic' }, '2025-07-07T14:00:00.000+07:00')).toBe(true);
  const supplement = { type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' };
  expect(await run(engine, b, supplement, '2025-07-02T09:00:00.000+07:00')).toBe(true);
  expect(await run(engine, a, supplement, '2025-07-09T09:00:00.000+07:00')).toBe(true);
  // Thu 24/07 is the 15th day: too early to close.
  const closeEarly = await run(engine, a, { type: 'CloseDossier', reason: 'Không bổ sung' }, '2025-07-24T16:00:00.000+07:00');
  expect(await run(engine, a, { type: 'CloseDossier', reason: 'Không bổ sung trong 15 ngày' }, '2025-07-28T09:00:00.000+07:00')).toBe(true);
  const closeB = await run(engine, b, { type: 'CloseDossier', reason: 'Không bổ sung' }, '2025-07-28T09:00:00.000+07:00');
  expect(await run(engine, b, { type: 'StopProcessing', reason: 'Không bổ sung' }, '2025-07-28T09:05:00.000+07:00')).toBe(true);
  return { events: all(engine), closeB, closeEarly };
}

describe('06a: closed dossiers in their own bucket (NĐ 118/2025 Đ19.5)', () => {
  it('30/06/2025 (NĐ 61) is stopped, 07/07/2025 (NĐ 118) is closed: July 2025 counts one of each', async () => {
    const { events, closeB, closeEarly } = await worked();
    expect(closeEarly).toBe(false);
    expect(closeB).toBe(false);
    const p = timelinessProjection({ calendar: cal });
    const state = foldProjection(p, events);
    const july = report06a(state, { projection: p, catalog, from: '2025-07-01', to: '2025-07-31' });
    // c3 = 1 received in July (A, direct) + 1 carried over (B); neither resolved nor pending; other = 1 stopped + 1 closed.
    expect(july).toEqual([
      expect.objectContaining({
        received: { total: 2, online: 0, directOrPostal: 1, carriedOver: 1 },
        resolved: { total: 0, early: 0, onTime: 0, late: 0 },
        pending: { total: 0, withinTime: 0, overdue: 0 },
        other: { total: 2, refused: 0, withdrawn: 0, stopped: 1, closed: 1, waitingForCitizen: 0 },
      }),
    ]);
    // By rule pack: the closed dossier is under NĐ 118, the stopped one under NĐ 61.
    const byPack = report06a(state, { projection: p, catalog, from: '2025-07-01', to: '2025-07-31', groupBy: ['rulePack'] });
    expect(byPack.map((r) => [r.group.rulePack, r.other.closed, r.other.stopped])).toEqual([
      ['nd118-2025', 1, 0],
      ['nd61-2018', 0, 1],
    ]);
    // Thanh Hóa convention: both ended without a decision count as resolved on time; the buckets still say which.
    const [th] = report06a(state, { projection: p, catalog, from: '2025-07-01', to: '2025-07-31', convention: 'thanhHoa' });
    expect(th!.resolved).toEqual({ total: 2, early: 0, onTime: 2, late: 0 });
    expect(th!.other).toEqual({ total: 0, refused: 0, withdrawn: 0, stopped: 1, closed: 1, waitingForCitizen: 0 });
    // June 2025: only B, received 30/06, pending within time (its limit runs into July).
    const [june] = report06a(state, { projection: p, catalog, from: '2025-06-01', to: '2025-06-30' });
    expect(june!.received.total).toBe(1);
    expect(june!.pending.total).toBe(1);
    expect(june!.other.closed).toBe(0);
    // 766 progress (2.1) counts every handled dossier, the closed one included: denominator 2.
    const [r766] = decision766(state, { projection: p, catalog, from: '2025-07-01', to: '2025-07-31' });
    expect(r766!.indicators['2.1'].denominator).toBe(2);
  });

  it('the CSV/table export has a labelled closed column in Vietnamese and English', async () => {
    const { events } = await worked();
    const p = timelinessProjection({ calendar: cal });
    const rows = report06a(foldProjection(p, events), { projection: p, catalog, from: '2025-07-01', to: '2025-07-31' });
    for (const [lang, text] of [
      ['vi', 'Trong đó: đóng hồ sơ do không bổ sung đúng hạn'],
      ['en', 'Of which: closed (not completed in time)'],
    ] as const) {
      const t = table06a(rows, lang);
      const col = t.columns.findIndex((c) => c.key === 'other.closed');
      expect(t.columns[col]!.label).toBe(text);
      expect(t.rows[0]![col]).toBe(1);
    }
  });
});

// ---------------------------------------------------------------------------
// Property: random dossiers around the switch date, every ending.

const ENDINGS = ['resolve', 'refuse', 'withdraw', 'stop', 'close', 'open'] as const;
const dossierArb = fc.record({
  day: fc.integer({ min: 0, max: 20 }), // 0 = Mon 30/06/2025 (NĐ 61), 1.. = 01/07/2025 on (NĐ 118)
  hour: fc.integer({ min: 8, max: 16 }),
  unit: fc.integer({ min: 0, max: UNITS.length - 1 }),
  channel: fc.constantFrom('direct', 'postal'),
  supplement: fc.boolean(),
  ending: fc.constantFrom(...ENDINGS),
  endAfterDays: fc.integer({ min: 1, max: 40 }),
});
const clockArb = fc.constantFrom<Clock>(
  { clock: 'legal', due: 'original' },
  { clock: 'legal', due: 'rescheduled' },
  { clock: 'kpi', due: 'original' },
  { clock: 'kpi', due: 'rescheduled' },
);
const dayOf = (offset: number) => new Date(Date.UTC(2025, 5, 30 + offset)).toISOString().slice(0, 10);
const at = (offset: number, hour: number) => `${dayOf(offset)}T${String(hour).padStart(2, '0')}:00:00.000+07:00`;

type DossierSpec = typeof dossierArb extends fc.Arbitrary<infer T> ? T : never;
async function randomHistory(dossiers: readonly DossierSpec[]): Promise<StoredEvent[]> {
  const engine = newEngine();
  type Step = { t: string; id: string; body: object };
  const steps: Step[] = [];
  for (const d of dossiers) {
    const id = randomUUID();
    const intake = { type: 'ReceiveDossier', procedureCode: '2.002030', unit: UNITS[d.unit], applicant: { name: 'Trần Thị Bình' }, channel: d.channel };
    steps.push({ t: at(d.day, d.hour), id, body: intake });
    steps.push({ t: at(d.day, d.hour).replace(/T\d\d/, 'T17'), id, body: { type: 'TransferDossier', mode: 'electronic' } });
    if (d.supplement || d.ending === 'close') steps.push({ t: at(d.day + 1, 9), id, body: { type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' } });
    const end = at(d.day + 1 + d.endAfterDays, 10);
    const body =
      d.ending === 'resolve'
        ? { type: 'Resolve', electronicResult: false }
        : d.ending === 'refuse'
          ? { type: 'RefuseResolution', reason: 'Không đủ điều kiện' }
          : d.ending === 'withdraw'
            ? { type: 'RequestWithdrawal', reason: 'Rút' }
            : d.ending === 'stop'
              ? { type: 'StopProcessing', reason: 'Dừng' }
              : d.ending === 'close'
                ? { type: 'CloseDossier', reason: 'Không bổ sung' }
                : undefined;
    if (body) steps.push({ t: end, id, body });
  }
  steps.sort((x, y) => Date.parse(x.t) - Date.parse(y.t));
  // Commands the rules refuse (closing under NĐ 61 or before the 15 days, resolving while waiting) are simply not appended.
  for (const s of steps) await run(engine, s.id, s.body, s.t);
  return all(engine);
}

const DIMS: GroupDim[] = ['unit', 'procedure', 'channel'];
describe('06a with closed dossiers equals the oracle; c3 = c7 + c11 + other for every group, period, clock and convention', () => {
  it('random dossiers received 30/06/2025 – 20/07/2025', async () => {
    const projection = timelinessProjection({ calendar: cal });
    let closedSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(dossierArb, { minLength: 1, maxLength: 8 }),
        fc.array(
          fc.record({
            a: fc.integer({ min: 0, max: 70 }),
            b: fc.integer({ min: 0, max: 70 }),
            groupBy: fc.subarray(DIMS, { maxLength: 2 }),
            clock: clockArb,
            convention: fc.constantFrom<'national' | 'thanhHoa'>('national', 'thanhHoa'),
            refusedAsResolved: fc.boolean(),
          }),
          { minLength: 2, maxLength: 5 },
        ),
        async (dossiers, queries) => {
          const events = await randomHistory(dossiers);
          const state = foldProjection(projection, events);
          for (const q of queries) {
            const from = dayOf(Math.min(q.a, q.b) - 1);
            const to = dayOf(Math.max(q.a, q.b) - 1);
            const rows = report06a(state, {
              projection,
              catalog,
              from,
              to,
              groupBy: q.groupBy,
              clock: q.clock.clock,
              due: q.clock.due,
              convention: q.convention,
              refusedAsResolved: q.refusedAsResolved,
            });
            for (const r of rows) {
              expect(r.received.total).toBe(r.resolved.total + r.pending.total + r.other.total);
              if (q.convention === 'national' && !q.refusedAsResolved) expect(r.other.total).toBe(r.other.refused + r.other.withdrawn + r.other.stopped + r.other.closed);
              closedSeen += r.other.closed;
            }
            const expected = oracle06a(events, { from, to, groupBy: q.groupBy, clock: q.clock, convention: q.convention, refusedAsResolved: q.refusedAsResolved }, catalog, {
              cal,
              policy: 'byLimit',
              maxSup: 1,
            });
            const strip = (r: { group: object; received: object; resolved: object; pending: object; other: object }) =>
              JSON.stringify([r.group, r.received, r.resolved, r.pending, r.other]);
            expect(rows.map(strip).sort()).toEqual(expected.map(strip).sort());
          }
        },
      ),
      { numRuns: 40 },
    );
    // The generator does reach closures (otherwise the property says nothing about them).
    expect(closedSeen).toBeGreaterThan(0);
  });
});
