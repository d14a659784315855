/**
 * Worked examples of issue #10 (reports), written from the rules in
 * shared/domain.md §4.3, §7.4, §10, §11 — each figure is derived by hand in
 * the comments, not read from the code.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCatalog, DEFAULT_RULE_PACKS, ValidationError, type Engine, type StoredEvent } from '@motcua/core';
import { computeDue, vietnamCalendar, type Due } from '@motcua/calendar';
import {
  decision766,
  foldProjection,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  table766,
  timelinessProjection,
  toCsv,
  toJson,
  tt01Projection,
  tt01Report,
} from '@motcua/projections';
import { runHistory, testCatalog, type DossierScript } from './support/generate';

const catalog = testCatalog();
const cal = vietnamCalendar();
const actor = { id: 'cv-01', role: 'officer' };

/** Accept one dossier of `procedure` at `startMinutes` after Fri 01/03/2024 08:00. */
async function accepted(procedure: string, startMinutes: number, intake: DossierScript['intake'] = 'receive') {
  const { engine, events } = await runHistory([{ procedure, unit: 0, channel: 'direct', intake, startMinutes, components: [], usesPopulationData: false, steps: [] }]);
  const id = events[0]!.streamId.slice('dossier-'.length);
  const run = (body: object, at: string) => engine.execute({ ...body, actor, commandId: randomUUID(), dossierId: id, at } as never);
  return { engine, id, run };
}
const all = (engine: Engine): StoredEvent[] => [...(engine.store as unknown as { allEvents(): readonly StoredEvent[] }).allEvents()];
const dueOf = (events: StoredEvent[]): Due => (events.find((e) => e.type === 'DossierAccepted')!.data as { due: Due }).due;

describe('item 3 — legal clock: a supplement requested after the due date does not clear "overdue"', () => {
  // Business registration, 3 working days: received Mon 04/03/2024 → due Thu 07/03.
  // Supplement requested Tue 12/03 (after the due date), never answered.
  it('pending at 31/03 is overdue, and a later stop is late: pending and ended agree', async () => {
    const { engine, run } = await accepted('2.002030', 3 * 1440 + 60);
    expect(dueOf(all(engine)).date).toBe('2024-03-07');
    await run({ type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T14:00:00.000+07:00');
    await run({ type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }, '2024-03-12T09:00:00.000+07:00');
    const p = timelinessProjection({ calendar: cal });
    let state = foldProjection(p, all(engine));
    const [march] = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31' });
    expect(march!.pending).toEqual({ total: 1, withinTime: 0, overdue: 1 });
    expect(march!.other.waitingForCitizen).toBe(1);
    // The Thanh Hóa convention keeps its local reading (waiting → within time).
    const [th] = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31', convention: 'thanhHoa' });
    expect(th!.pending).toEqual({ total: 1, withinTime: 1, overdue: 0 });
    await run({ type: 'StopProcessing', reason: 'Không bổ sung' }, '2024-04-02T09:00:00.000+07:00');
    state = foldProjection(p, all(engine));
    // National: the stop leaves c11 for `other`; carried over 1 = resolved 0 + pending 0 + other 1.
    const [april] = report06a(state, { projection: p, catalog, from: '2024-04-01', to: '2024-04-30' });
    expect(april!.received).toMatchObject({ total: 1, carriedOver: 1 });
    expect(april!.resolved.total).toBe(0);
    expect(april!.other).toMatchObject({ total: 1, stopped: 1 });
    // On the KPI clock (766 2.1 counts stopped dossiers) the stop is late too: it was overdue and waiting since 12/03.
    const kpiRows = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31', clock: 'kpi' });
    expect(kpiRows[0]!.pending.overdue).toBe(1);
  });

  it('a request within time still stops the legal clock (within time while waiting), and a refusal at the end is measured at the request', async () => {
    const { engine, run } = await accepted('2.002030', 3 * 1440 + 60);
    await run({ type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T14:00:00.000+07:00');
    await run({ type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }, '2024-03-06T09:00:00.000+07:00');
    const p = timelinessProjection({ calendar: cal });
    const state = foldProjection(p, all(engine));
    const [march] = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31' });
    expect(march!.pending).toEqual({ total: 1, withinTime: 1, overdue: 0 });
  });

  it('late request then refusal: the refusal (status 9) is late, the same verdict as the pending reading', async () => {
    const { engine, run } = await accepted('2.002030', 3 * 1440 + 60);
    await run({ type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T14:00:00.000+07:00');
    await run({ type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }, '2024-03-12T09:00:00.000+07:00');
    await run({ type: 'ProvideSupplement' }, '2024-03-13T09:00:00.000+07:00');
    const p = timelinessProjection({ calendar: cal });
    // Provided 13/03: the legal restart does not apply to a late request, the dossier stays overdue.
    let state = foldProjection(p, all(engine));
    const [mid] = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-14' });
    expect(mid!.pending).toEqual({ total: 1, withinTime: 0, overdue: 1 });
    await run({ type: 'RefuseResolution', reason: 'Không đủ điều kiện' }, '2024-03-14T09:00:00.000+07:00');
    state = foldProjection(p, all(engine));
    const [r] = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31', refusedAsResolved: true });
    expect(r!.resolved).toEqual({ total: 1, early: 0, onTime: 0, late: 1 });
  });
});

describe('item 2 — 06a `other` bucket (brief §7.4: c3 = c7 + c11 + other)', () => {
  // Business registration received Mon 04/03/2024, due Thu 07/03.
  for (const [label, at] of [
    ['before the due date', '2024-03-05T09:00:00.000+07:00'],
    ['after the due date', '2024-03-12T09:00:00.000+07:00'],
  ] as const) {
    it(`a withdrawal ${label} is neither early nor late: it is in other (national); on time under thanhHoa`, async () => {
      const { engine, run } = await accepted('2.002030', 3 * 1440 + 60);
      await run({ type: 'RequestWithdrawal', reason: 'Công dân rút' }, at);
      const p = timelinessProjection({ calendar: cal });
      const state = foldProjection(p, all(engine));
      const [n] = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31' });
      expect(n!.received.total).toBe(1);
      expect(n!.resolved).toEqual({ total: 0, early: 0, onTime: 0, late: 0 });
      expect(n!.pending.total).toBe(0);
      expect(n!.other).toMatchObject({ total: 1, withdrawn: 1 });
      expect(n!.onTimeRate).toBeNull();
      const [th] = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31', convention: 'thanhHoa' });
      expect(th!.resolved).toEqual({ total: 1, early: 0, onTime: 1, late: 0 });
      expect(th!.other.total).toBe(0);
    });
  }
});

describe('item 4 — hour limits are minute-precise by default', () => {
  // 4-working-hour procedure; resolved 6 working hours after its due instant.
  // Accepted Fri 01/03/2024 15:00; sessions 07:00–11:30, 13:30–17:00 → 2 h on Friday, 2 h on Monday: due Mon 04/03 09:00.
  // Resolved Mon 04/03 17:00 = 6 working hours after the due instant, on the due date's local day.
  it('resolved 6 working hours late is late by default (and in TT 01 index 1); the `day` policy reads it on time', async () => {
    const { engine, run } = await accepted('9.000004', 7 * 60);
    const due = dueOf(all(engine));
    expect(due.at.slice(0, 16)).toBe('2024-03-04T09:00');
    const resolvedAt = '2024-03-04T17:00:00.000+07:00';
    await run({ type: 'TransferDossier', mode: 'electronic' }, '2024-03-01T15:30:00.000+07:00');
    await run({ type: 'Resolve', electronicResult: true }, resolvedAt);
    const events = all(engine);
    for (const [policy, late] of [
      [undefined, 1],
      ['byLimit', 1],
      ['minute', 1],
      ['day', 0],
    ] as const) {
      const p = timelinessProjection({ calendar: cal, ...(policy ? { policy } : {}) });
      const [r] = report06a(foldProjection(p, events), { projection: p, catalog, from: '2024-03-01', to: '2024-03-31' });
      expect(r!.resolved.late, String(policy)).toBe(late);
    }
    const t = tt01Projection({ calendar: cal });
    const [row] = tt01Report(foldProjection(t, events), { catalog, from: '2024-03-01', to: '2024-03-31', by: 'agency' });
    expect(row!.indices[1]).toBe(0); // longer than the limit → 0 points
    const tDay = tt01Projection({ calendar: cal, policy: 'day' });
    const [rowDay] = tt01Report(foldProjection(tDay, events), { catalog, from: '2024-03-01', to: '2024-03-31', by: 'agency' });
    // With the day policy the verdict depends only on the local day of the resolution vs the due date.
    expect(rowDay!.indices[1]).toBe(1);
  });

  it('a leg with an hour budget completed after its due instant on the same day is flagged late', async () => {
    const { engine, run } = await accepted('9.000004', 3 * 1440 + 30);
    await run({ type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T08:35:00.000+07:00');
    await run({ type: 'StartInterAgency' }, '2024-03-04T08:40:00.000+07:00');
    const started = all(engine).find((e) => e.type === 'InterAgencyStarted')!.data as { legs: { due: Due }[] };
    const legDue = started.legs[1]!.due; // 2 working hours
    const after = computeDue(legDue.at, { unit: 'workingHours', value: 1 }, cal).at;
    expect(after.slice(0, 10)).toBe(legDue.date);
    await run({ type: 'CompleteLeg', legIndex: 1 }, after);
    const done = all(engine).find((e) => e.type === 'LegCompleted')!.data as { late: boolean };
    expect(done.late).toBe(true);
  });
});

describe('item 10 — RulePack.kpiCountIntakeSupplements', () => {
  // Business registration with one intake request (Form 02) and one post-acceptance request, resolved early.
  it('counts the intake request on the KPI clock only when the pinned rule pack (or the option) says so', async () => {
    const { engine, run } = await accepted('2.002030', 3 * 1440 + 60, 'intakeSupplement');
    await run({ type: 'ProvideIntakeSupplement' }, '2024-03-04T10:00:00.000+07:00');
    await run({ type: 'ReceiveDossier' }, '2024-03-04T10:30:00.000+07:00');
    await run({ type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T14:00:00.000+07:00');
    await run({ type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }, '2024-03-05T09:00:00.000+07:00');
    await run({ type: 'ProvideSupplement' }, '2024-03-05T15:00:00.000+07:00');
    await run({ type: 'Resolve', electronicResult: true }, '2024-03-06T09:00:00.000+07:00');
    const events = all(engine);
    // The report's catalog has the packs the projection was given (else the KPI report refuses: rule-packs.test.ts).
    const read = (opts: Parameters<typeof timelinessProjection>[0]) => {
      const p = timelinessProjection({ calendar: cal, ...opts });
      const withPacks = opts?.rulePacks ? createCatalog({ procedures: catalog.list(), rulePacks: opts.rulePacks }) : catalog;
      return report06a(foldProjection(p, events), { projection: p, catalog: withPacks, from: '2024-03-01', to: '2024-03-31', clock: 'kpi' })[0]!.resolved;
    };
    // Default packs: intake requests are not counted (brief §11) → 1 request ≤ 1 → early.
    expect(read({})).toMatchObject({ total: 1, late: 0 });
    // A pack with the flag: 1 intake + 1 post-acceptance = 2 > 1 → late.
    const packs = DEFAULT_RULE_PACKS.map((p) => ({ ...p, kpiCountIntakeSupplements: true }));
    expect(read({ rulePacks: packs })).toMatchObject({ total: 1, late: 1 });
    expect(read({ kpiCountIntakeSupplements: true })).toMatchObject({ total: 1, late: 1 });
    // The legal clock never counts requests.
    const p = timelinessProjection({ calendar: cal, rulePacks: packs });
    expect(report06a(foldProjection(p, events), { projection: p, catalog, from: '2024-03-01', to: '2024-03-31' })[0]!.resolved.late).toBe(0);
  });
});

describe('item 5 — satisfaction and scoring details', () => {
  it('a rating after RefuseReception (Form 03) is counted for the refusing unit and official, not unattributed', async () => {
    const { engine, run } = await accepted('2.002030', 3 * 1440 + 60, 'refuse');
    await run({ type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'thaiDo', level: 'Không hài lòng' }], like: false }, '2024-03-04T10:00:00.000+07:00');
    const events = all(engine);
    expect(events.map((e) => e.type)).toEqual(['ReceptionRefused', 'DossierRated']);
    const p = satisfactionProjection();
    const state = foldProjection(p, events);
    expect(state.t.unattributed).toBe(0);
    const [row] = satisfactionReport(state, { catalog, from: '2024-03-01', to: '2024-03-31', groupBy: ['unit', 'official'] });
    expect(row).toMatchObject({ group: { unit: '000.00.06.H56', official: events[0]!.metadata.actor!.id }, total: 1, satisfied: 0, satisfactionRate: 0, dislikes: 1 });
  });

  it('a dossier only submitted online has no official: its petition is counted for `unknown`, never for the citizen who submitted it', async () => {
    const citizen = { id: '001099012345', role: 'citizen' };
    const { engine, id } = await accepted('2.002030', 60, 'submit');
    await engine.execute({
      type: 'FilePetition',
      actor: citizen,
      commandId: randomUUID(),
      dossierId: id,
      at: '2024-03-04T10:00:00.000+07:00',
      petitionId: 'pa-1',
      content: 'Chưa thấy tiếp nhận',
      channel: 'portal',
    } as never);
    const events = all(engine);
    expect(events.map((e) => e.type)).toEqual(['DossierSubmitted', 'PetitionFiled']);
    // Whoever submitted (the test's runner submits as its own actor), the submission's actor is nobody's official.
    const p = satisfactionProjection();
    const state = foldProjection(p, events);
    expect(state.t.unattributed).toBe(0);
    const rows = satisfactionReport(state, { catalog, from: '2024-03-01', to: '2024-03-31', groupBy: ['official'] });
    expect(rows.map((r) => r.group.official)).toEqual(['unknown']);
    expect(rows[0]).toMatchObject({ petitions: { received: 1 } });
  });

  it('766 ratios are rounded: 1 synced of 14 received → 0.0714 (7.14 %), never 0.07139999999999999; raw numerator/denominator kept', async () => {
    const scripts = Array.from({ length: 14 }, (_, i) => ({
      procedure: '2.002030',
      unit: 0,
      channel: 'direct' as const,
      intake: 'receive' as const,
      startMinutes: 3 * 1440 + 60 + i,
      components: [],
      usesPopulationData: false,
      steps: [],
    }));
    const { engine, events: first } = await runHistory(scripts);
    await engine.execute({ type: 'RecordPortalSync', commandId: randomUUID(), dossierId: first[0]!.streamId.slice(8), actor, at: '2024-03-05T09:00:00.000+07:00' } as never);
    const p = timelinessProjection({ calendar: cal });
    const [row] = decision766(foldProjection(p, all(engine)), { projection: p, catalog, from: '2024-03-01', to: '2024-03-31' });
    expect(row!.indicators['1.4']).toMatchObject({ numerator: 1, denominator: 14, ratio: 0.0714, percent: 7.14, points: 0.43 });
    expect(toJson(row!.indicators['1.4'])).toContain('"ratio": 0.0714,');
    expect(toCsv(table766([row!], 'en'))).toContain(',0.0714,0.43,');
  });

  it('TT 01 agency bands: rescaled by default, raw on request, and indices 5–6 can be supplied', async () => {
    // One business registration resolved early by the agency SKHDT: indices 1, 3, 4, 7, 8 (and 9) are computable.
    const { engine, run } = await accepted('2.002030', 3 * 1440 + 60);
    await run({ type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T14:00:00.000+07:00');
    await run({ type: 'Resolve', electronicResult: true }, '2024-03-05T09:00:00.000+07:00');
    const t = tt01Projection({ calendar: cal });
    const state = foldProjection(t, all(engine));
    const q = { catalog, from: '2024-03-01', to: '2024-03-31', by: 'agency' as const };
    const [rescaled] = tt01Report(state, q);
    const [raw] = tt01Report(state, { ...q, bandScale: 'raw' });
    expect(rescaled!.indices[5]).toBeUndefined();
    expect(raw!.total).toBe(rescaled!.total);
    expect(rescaled!.scaled).toBe(Math.round(((rescaled!.total * 18) / rescaled!.max) * 10) / 10);
    expect(raw!.scaled).toBe(raw!.total);
    const [ext] = tt01Report(state, { ...q, bandScale: 'raw', externalIndices: { SKHDT: { 5: 2, 6: 1 } } });
    expect(ext!.indices).toMatchObject({ 5: 2, 6: 1 });
    expect(ext!.total).toBe(Math.round((raw!.total + 3) * 10) / 10);
    expect(ext!.max).toBe(raw!.max + 4);
    expect(() => tt01Report(state, { ...q, bandScale: 'half' as never })).toThrow(ValidationError);
  });
});

describe('item 14 — reports say when their period contains estimated calendar days', () => {
  it('06a, 766, TT 01 and reception rows count the estimated days of their period (2027+), 0 for officially scheduled years', async () => {
    const { engine } = await accepted('2.002030', 3 * 1440 + 60);
    const events = all(engine);
    const p = timelinessProjection({ calendar: cal });
    const state = foldProjection(p, events);
    // 2024 is covered by the official schedule.
    expect(report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31' })[0]!.estimatedCalendarDays).toBe(0);
    // A period reaching into 2027: the calendar's own count for exactly that period (hand check: 01/01 and 02/01/2027).
    const rows = report06a(state, { projection: p, catalog, from: '2024-03-01', to: '2027-01-02', splitBy: 'year' });
    expect(rows.map((r) => [r.group.period, r.estimatedCalendarDays])).toEqual([
      ['2024', 0],
      ['2025', 0],
      ['2026', 0],
      ['2027', 2],
    ]);
    expect(decision766(state, { projection: p, catalog, from: '2026-12-30', to: '2027-01-02' })[0]!.estimatedCalendarDays).toBe(2);
    expect(table766(decision766(state, { projection: p, catalog, from: '2026-12-30', to: '2027-01-02' })).rows[0]!.at(-1)).toBe(2);
    const t = tt01Projection({ calendar: cal });
    await engine.execute({
      type: 'TransferDossier',
      mode: 'electronic',
      commandId: randomUUID(),
      dossierId: events[0]!.streamId.slice(8),
      actor,
      at: '2024-03-04T14:00:00.000+07:00',
    } as never);
    await engine.execute({
      type: 'Resolve',
      electronicResult: true,
      commandId: randomUUID(),
      dossierId: events[0]!.streamId.slice(8),
      actor,
      at: '2024-03-05T14:00:00.000+07:00',
    } as never);
    const ts = foldProjection(t, all(engine));
    expect(tt01Report(ts, { catalog, from: '2024-01-01', to: '2027-12-31', by: 'agency' })[0]!.estimatedCalendarDays).toBe(365);
    expect(tt01Report(ts, { catalog, from: '2024-01-01', to: '2024-12-31', by: 'agency' })[0]!.estimatedCalendarDays).toBe(0);
  });
});
