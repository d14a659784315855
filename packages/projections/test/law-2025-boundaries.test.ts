/**
 * Issue #12 items 5, 8, 9 in reports: attribution to the receiving and to the
 * handling unit (NĐ 118/2025 Đ14.2), a line per rule pack (dossiers received
 * on 30/06/2025 under NĐ 61/2018, from 01/07/2025 under NĐ 118/2025), the
 * national-portal evaluation payload (Đ32: five groups), and the Đ33
 * evaluation contents in the satisfaction report. Expected values are
 * computed by hand from brief §7.2–7.3 (F766 formulas, capped-linear scores).
 */
import fc from 'fast-check';
import { randomUUID as uuidv7 } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { createEngine, InMemoryEventStore, RULE_PACK_2018, RULE_PACK_2025, portalEvaluationPayloadSchema, type CommandBody, type StoredEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import {
  decision766,
  foldProjection,
  lateAgencies,
  lateAgencyProjection,
  portalEvaluationPayload,
  portalEvaluationPayloads,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  timelinessProjection,
} from '@motcua/projections';

const cal = vietnamCalendar();
const catalog = sampleCatalog();
const A = { code: '000.01.20.H26', name: 'Trung tâm phục vụ hành chính công xã A' };
const B = { code: '000.02.20.H26', name: 'Ủy ban nhân dân xã B' };
const C = { code: '000.03.20.H26', name: 'Ủy ban nhân dân xã C' };
const vn = (local: string) => `${local}:00.000+07:00`;

async function world() {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog, cacheSize: 0, policy: 'none' });
  const run = (id: string, body: CommandBody, at: string) =>
    engine.execute({ ...body, actor: { id: 'cb-01', role: 'officer' }, commandId: uuidv7(), dossierId: id, at: vn(at) } as never);
  const events = async () => {
    const out: StoredEvent[] = [];
    for await (const e of store.readAll()) out.push(e);
    return out;
  };
  return { run, events };
}

/** A birth registration (same day, 15:00 rule) received at `unit` on `day` at 09:00, for `competent` if given, resolved at `resolvedAt`. */
async function birth(w: Awaited<ReturnType<typeof world>>, o: { day: string; unit: typeof A; competent?: typeof A; online?: boolean; resolvedAt?: string; sync?: boolean }) {
  const id = uuidv7();
  const intake = { procedureCode: '1.001193', unit: o.unit, applicant: { name: 'Nguyễn Văn An' }, ...(o.competent ? { competentUnit: o.competent } : {}) };
  if (o.online) {
    await w.run(id, { type: 'SubmitOnline', ...intake } as CommandBody, `${o.day}T08:00`);
    await w.run(id, { type: 'ReceiveDossier' } as CommandBody, `${o.day}T09:00`);
  } else await w.run(id, { type: 'ReceiveDossier', ...intake, channel: 'direct' } as CommandBody, `${o.day}T09:00`);
  await w.run(id, { type: 'TransferDossier', mode: 'electronic' } as CommandBody, `${o.day}T09:10`);
  if (o.resolvedAt) await w.run(id, { type: 'Resolve' } as CommandBody, o.resolvedAt);
  if (o.sync) await w.run(id, { type: 'RecordPortalSync' } as CommandBody, o.resolvedAt ?? `${o.day}T09:20`);
  return id;
}

describe('attribution: receiving unit vs handling unit, and a line per rule pack', () => {
  it('30/06 and 01/07/2025 dossiers received at A: 06a by unit, by handling unit, by rule pack', async () => {
    const w = await world();
    await birth(w, { day: '2025-06-30', unit: A, competent: B, resolvedAt: '2025-06-30T10:00' });
    await birth(w, { day: '2025-07-01', unit: A, competent: B, resolvedAt: '2025-07-01T10:00' });
    await birth(w, { day: '2025-07-01', unit: A, resolvedAt: '2025-07-01T11:00' });
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, await w.events());
    const q = { projection, catalog, from: '2025-06-01', to: '2025-07-31' };
    const received = (groupBy: ('unit' | 'handlingUnit' | 'rulePack')[]) =>
      Object.fromEntries(report06a(state, { ...q, groupBy }).map((r) => [Object.values(r.group)[0], r.received.total]));
    expect(received(['unit'])).toEqual({ [A.code]: 3 });
    expect(received(['handlingUnit'])).toEqual({ [A.code]: 1, [B.code]: 2 });
    expect(received(['rulePack'])).toEqual({ [RULE_PACK_2018.id]: 1, [RULE_PACK_2025.id]: 2 });
  });

  it('property: every dossier counted once per grouping; receiving and handling totals equal; handling = competent ?? receiving', async () => {
    const units = [A, B, C];
    const arb = fc.array(
      fc.record({
        day: fc.constantFrom('2025-06-30', '2025-07-01'),
        unit: fc.integer({ min: 0, max: 2 }),
        competent: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(arb, async (list) => {
        const w = await world();
        for (const d of list) await birth(w, { day: d.day, unit: units[d.unit]!, ...(d.competent !== undefined ? { competent: units[d.competent]! } : {}) });
        const projection = timelinessProjection({ calendar: cal });
        const state = foldProjection(projection, await w.events());
        const q = { projection, catalog, from: '2025-06-01', to: '2025-07-31' };
        const totals = (g: 'unit' | 'handlingUnit' | 'rulePack') => report06a(state, { ...q, groupBy: [g] }).reduce((n, r) => n + r.received.total, 0);
        expect(totals('unit')).toBe(list.length);
        expect(totals('handlingUnit')).toBe(list.length);
        expect(totals('rulePack')).toBe(list.length);
        const expected = new Map<string, number>();
        for (const d of list) {
          const code = units[d.competent ?? d.unit]!.code;
          expected.set(code, (expected.get(code) ?? 0) + 1);
        }
        const got = new Map(report06a(state, { ...q, groupBy: ['handlingUnit'] }).map((r) => [r.group.handlingUnit!, r.received.total]));
        expect(got).toEqual(expected);
      }),
      { numRuns: 12 },
    );
  });
});

describe('national-portal evaluation payload (NĐ 118/2025 Đ32)', () => {
  it('five groups from a hand-computed July 2025 example', async () => {
    const w = await world();
    // Birth registration: due the same day (before 15:00). Four dossiers at A in July 2025.
    await birth(w, { day: '2025-07-01', unit: A, resolvedAt: '2025-07-01T10:00', sync: true }); // on time, synced
    await birth(w, { day: '2025-07-01', unit: A, online: true, resolvedAt: '2025-07-01T11:00', sync: true }); // online, on time, synced
    await birth(w, { day: '2025-07-02', unit: A, resolvedAt: '2025-07-02T10:00' }); // on time
    await birth(w, { day: '2025-07-02', unit: A, resolvedAt: '2025-07-03T10:00' }); // late
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, await w.events());
    const [row] = decision766(state, { projection, catalog, from: '2025-07-01', to: '2025-07-31', groupBy: ['unit'] });
    const payload = portalEvaluationPayload(row!, { unit: A, from: '2025-07-01', to: '2025-07-31', generatedAt: vn('2025-08-01T00:00') });
    // 1.4 synced/received = 2/4 → 6 × 0.5 = 3 (1.1–1.3 need data outside dossiers: 0).
    // 2.1 on time/received = 3/4 → 20 × 0.75 = 15.
    // 3.3 online/received × sync rate = 1/4 × 2/4 = 0.125, full at 0.5 → 4 × 0.125 / 0.5 = 1; 3.6 no fee-bearing dossier: none.
    // 4.2, 4.3, 4.4, 4.5b: 0/4 → 0; 4.5a one procedure, connected to population data → 2.
    // 5.4 = 1 − (late/received + dislike/received) = 1 − 1/4 = 0.75, full at 0.9 → 6 × 0.75 / 0.9 = 5.
    expect(payload.groups).toEqual({
      publicity: { points: 3, max: 18 },
      progress: { points: 15, max: 20 },
      digitisation: { points: 2, max: 22 },
      onlineService: { points: 1, max: 22 },
      satisfaction: { points: 5, max: 18 },
    });
    expect(payload.total).toBe(26);
    expect(payload.basis).toBe('NĐ 118/2025/NĐ-CP Điều 32');
    expect(portalEvaluationPayloadSchema.safeParse(payload).success).toBe(true);
    expect(payload.indicators.find((i) => i.id === '3.6')).toMatchObject({ group: 'onlineService', ratio: null });
    // The maxima are those of Đ32.1 and add up to 100.
    expect(Object.values(payload.groups).reduce((n, g) => n + g.max, 0)).toBe(100);
    // One payload per unit from the state.
    const all = portalEvaluationPayloads(state, { projection, catalog, from: '2025-07-01', to: '2025-07-31', generatedAt: vn('2025-08-01T00:00') });
    expect(all.map((p) => [p.unit.code, p.total])).toEqual([[A.code, 26]]);
  });

  it('bad options are a typed validation error with zod issues', async () => {
    const w = await world();
    await birth(w, { day: '2025-07-01', unit: A, resolvedAt: '2025-07-01T10:00' });
    const projection = timelinessProjection({ calendar: cal });
    const [row] = decision766(foldProjection(projection, await w.events()), { projection, catalog, from: '2025-07-01', to: '2025-07-31', groupBy: ['unit'] });
    const err = (() => {
      try {
        portalEvaluationPayload(row!, { unit: { code: 'lower case' }, from: '2025-07-31', to: '2025-07-01', generatedAt: 'yesterday' });
      } catch (e) {
        return e as { code: string; issues: { path: (string | number)[] }[] };
      }
    })();
    expect(err?.code).toBe('VALIDATION_FAILED');
    expect(err!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['unit.code', 'generatedAt']));
  });
});

describe('citizen evaluation contents of NĐ 118/2025 Đ33 in the satisfaction report', () => {
  it('answers tagged with a content are counted per content; untagged answers stay valid under ""', async () => {
    const w = await world();
    const id = await birth(w, { day: '2025-07-01', unit: A, resolvedAt: '2025-07-01T10:00' });
    await w.run(id, { type: 'ReturnResult', method: 'counter' } as CommandBody, '2025-07-01T10:30');
    await w.run(
      id,
      {
        type: 'Rate',
        channel: 'kiosk',
        ratings: [
          { criterion: 'Thời gian giải quyết', level: 'Hài lòng', content: 'a' },
          { criterion: 'Thái độ cán bộ', level: 'Không hài lòng', content: 'e' },
          { criterion: 'Khác', level: 'Rất hài lòng' },
        ],
      } as CommandBody,
      '2025-07-01T10:40',
    );
    const projection = satisfactionProjection();
    const state = foldProjection(projection, await w.events());
    const rows = satisfactionReport(state, { catalog, from: '2025-07-01', to: '2025-07-31', groupBy: ['content'] });
    expect(rows.map((r) => [r.group.content, r.total, r.satisfied])).toEqual([
      ['', 1, 1],
      ['a', 1, 1],
      ['e', 1, 0],
    ]);
    const [all] = satisfactionReport(state, { catalog, from: '2025-07-01', to: '2025-07-31' });
    expect([all!.total, all!.satisfied]).toEqual([3, 2]);
  });
});

describe('late consulted agencies for the head of the unit (NĐ 118/2025 Đ19.4c, Đ20.2)', () => {
  it.each(['2025-06-30', '2025-07-01'])('accepted %s: listed when past the deadline day, and when answered late; gone once resolved', async (day) => {
    const w = await world();
    const id = await birth(w, { day, unit: A });
    const agency = { code: 'CA-XA', name: 'Công an xã' };
    await w.run(id, { type: 'RequestConsultation', consultationId: 'c1', agency, content: 'Xác minh cư trú', deadline: '2025-07-03' } as CommandBody, `${day}T10:00`);
    const projection = lateAgencyProjection();
    let state = foldProjection(projection, await w.events());
    // Deadline Thu 03/07: not late during that day, overdue from Fri 04/07.
    expect(lateAgencies(state, { at: vn('2025-07-03T16:59') })).toEqual([]);
    const [row] = lateAgencies(state, { at: vn('2025-07-04T08:00') });
    expect(row).toMatchObject({ kind: 'consultation', ref: 'c1', agency, deadline: '2025-07-03', status: 'overdue', unit: { code: A.code } });
    expect(lateAgencies(state, { at: vn('2025-07-04T08:00'), unit: B.code })).toEqual([]);
    await w.run(id, { type: 'AnswerConsultation', consultationId: 'c1', answer: 'Đúng nơi cư trú' } as CommandBody, '2025-07-07T09:00');
    state = foldProjection(projection, await w.events());
    expect(lateAgencies(state, { at: vn('2025-07-07T10:00') }).map((r) => r.status)).toEqual(['answeredLate']);
    await w.run(id, { type: 'Resolve' } as CommandBody, '2025-07-07T11:00');
    state = foldProjection(projection, await w.events());
    expect(lateAgencies(state, { at: vn('2025-07-07T12:00') })).toEqual([]);
  });
});
