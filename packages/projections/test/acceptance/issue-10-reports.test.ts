/**
 * Issue #10, acceptance at HEAD (reports: items 1–5, 9, 10, 14, 20), tried as a
 * new user would: events written by `createEngine` with its default options
 * (access policy on, actors with the policy's roles), reports from the public
 * API of `@motcua/projections`. Every expected figure is worked out by hand in
 * the comments from shared/domain.md (§4.3, §7, §10) or the issue's own
 * example — never read from the code.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createCatalog, createEngine, defineProcedure, DEFAULT_RULE_PACKS, InMemoryEventStore, type Catalog, type StoredEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { vietnamCalendar } from '@motcua/calendar';
import {
  createProjectionRunner,
  decision766,
  foldProjection,
  receptionProjection,
  receptionReport,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  table766,
  timelinessProjection,
  toCsv,
  tt01Projection,
  tt01Report,
} from '@motcua/projections';

const cal = vietnamCalendar();
const UNIT = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const APPLICANT = { name: 'Nguyễn Văn An', idNumber: '001090000001' };
const ACT = {
  reception: { id: 'cb-01', role: 'receivingOfficer', unit: UNIT.code },
  applicant: { id: APPLICANT.idNumber, role: 'applicant' },
  // After the transfer the handling agency is the procedure's agency.
  skhdt: { id: 'cv-skhdt', role: 'specialist', unit: 'SKHDT' },
  xa: { id: 'cv-xa', role: 'specialist', unit: 'UBND-XA' },
  xaLeader: { id: 'ld-xa', role: 'leader', unit: 'UBND-XA' },
};
const BUSINESS = '2.002030'; // 3 working days, agency SKHDT
const HOURS = '1.900404'; // 4 working hours (below)
const vn = (local: string) => `${local}:00.000+07:00`;

const hourProcedure = defineProcedure({
  code: HOURS,
  name: { vi: 'Thủ tục 4 giờ làm việc (thử)' },
  field: { code: 'HT', name: 'Hộ tịch' },
  level: 'commune',
  agency: { code: 'UBND-XA', name: 'UBND xã' },
  timeLimit: { statutory: { unit: 'workingHours', value: 4 } },
  validFrom: '2018-07-01',
});

function world(catalog: Catalog = createCatalog({ procedures: [...sampleCatalog().list(), hourProcedure] })) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog }); // default options: DEFAULT_POLICY_2025
  const events = (): StoredEvent[] => [...store.allEvents()];
  /** A new dossier: `run(who, body, at)` executes on it. */
  const dossier = () => {
    const id = randomUUID();
    const run = (who: keyof typeof ACT, body: Record<string, unknown>, at: string) =>
      engine.execute({ actor: ACT[who], commandId: randomUUID(), dossierId: id, at, ...body } as never);
    const receive = (code: string, at: string) => run('reception', { type: 'ReceiveDossier', procedureCode: code, unit: UNIT, applicant: APPLICANT, channel: 'direct' }, at);
    return { id, run, receive };
  };
  return { store, engine, catalog, events, dossier };
}

const MARCH = { from: '2024-03-01', to: '2024-03-31' };

describe('item 1 — the Decision 766 CSV has every computable indicator, equal to the JSON report', () => {
  it('3 business registrations received Mon 04/03/2024 (due Thu 07/03): resolved Tue 05 (early), Mon 11 (late), one pending overdue → 2.1 = 1/3 → 6.67 points, in the CSV too', async () => {
    const w = world();
    const a = w.dossier();
    const b = w.dossier();
    const c = w.dossier();
    for (const d of [a, b, c]) {
      await d.receive(BUSINESS, vn('2024-03-04T09:00'));
      await d.run('reception', { type: 'TransferDossier', mode: 'electronic' }, vn('2024-03-04T10:00'));
    }
    await a.run('skhdt', { type: 'Resolve', electronicResult: true }, vn('2024-03-05T10:00'));
    await b.run('skhdt', { type: 'Resolve', electronicResult: true }, vn('2024-03-11T10:00'));
    // c is still open at 31/03 and overdue (due 07/03).
    const p = timelinessProjection({ calendar: cal });
    const rows = decision766(foldProjection(p, w.events()), { projection: p, catalog: w.catalog, ...MARCH });
    // 2.1 = (on time or within time) / received = 1 (a) / 3 → 0.3333; points 20 × 0.3333 = 6.67.
    // (b is late; c is open and overdue at the end of the period.)
    expect(rows[0]!.indicators['2.1']).toMatchObject({ ratio: 0.3333, points: 6.67 });
    for (const lang of ['vi', 'en'] as const) {
      const table = table766(rows, lang);
      const [header, ...data] = parse(toCsv(table), { relax_column_count: false }) as string[][];
      expect(header).toEqual(table.columns.map((col) => col.label));
      const cell = (key: string) => data[0]![table.columns.findIndex((col) => col.key === key)]!;
      let computable = 0;
      for (const [id, v] of Object.entries(rows[0]!.indicators)) {
        if (v.ratio === null) continue;
        computable++;
        expect(Number(cell(`indicators.${id}.ratio`)), id).toBe(v.ratio);
        expect(Number(cell(`indicators.${id}.points`)), id).toBe(v.points);
      }
      expect(computable).toBeGreaterThan(5);
      expect(Number(cell('indicators.2.1.ratio'))).toBe(0.3333);
      expect(Number(cell('total'))).toBe(rows[0]!.total);
    }
  });
});

describe('item 2 — 06a `other` bucket: c3 = c7 + c11 + other; withdrawn is neither early nor late (Thanh Hóa: an option)', () => {
  it('withdrawals before (05/03) and after (12/03) the due date 07/03 go to other.withdrawn; under thanhHoa both count on time', async () => {
    const w = world();
    for (const at of ['2024-03-05T09:00', '2024-03-12T09:00']) {
      const d = w.dossier();
      await d.receive(BUSINESS, vn('2024-03-04T09:00'));
      await d.run('applicant', { type: 'RequestWithdrawal', reason: 'Công dân rút' }, vn(at));
    }
    const p = timelinessProjection({ calendar: cal });
    const state = foldProjection(p, w.events());
    const [n] = report06a(state, { projection: p, catalog: w.catalog, ...MARCH });
    expect(n!.received.total).toBe(2);
    expect(n!.resolved).toEqual({ total: 0, early: 0, onTime: 0, late: 0 });
    expect(n!.pending.total).toBe(0);
    expect(n!.other).toMatchObject({ total: 2, withdrawn: 2 });
    expect(n!.received.total).toBe(n!.resolved.total + n!.pending.total + n!.other.total);
    const [th] = report06a(state, { projection: p, catalog: w.catalog, ...MARCH, convention: 'thanhHoa' });
    expect(th!.resolved).toEqual({ total: 2, early: 0, onTime: 2, late: 0 });
  });
});

describe('item 3 — a supplement requested after the due date does not clear "overdue" (the issue example)', () => {
  // Received Mon 04/03/2024 → due Thu 07/03 (3 working days). Supplement requested Tue 12/03, never answered.
  it('pending at 31/03 is overdue; stopped 02/04 it is never counted on time (06a: other; 766 2.1: late): pending and ended agree', async () => {
    const w = world();
    const d = w.dossier();
    await d.receive(BUSINESS, vn('2024-03-04T09:00'));
    await d.run('reception', { type: 'TransferDossier', mode: 'electronic' }, vn('2024-03-04T10:00'));
    await d.run('skhdt', { type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ' }], reason: 'Thiếu' }, vn('2024-03-12T09:00'));
    const p = timelinessProjection({ calendar: cal });
    let state = foldProjection(p, w.events());
    const [march] = report06a(state, { projection: p, catalog: w.catalog, ...MARCH });
    expect(march!.pending).toEqual({ total: 1, withinTime: 0, overdue: 1 });
    // The KPI clock (766 2.1) reads it the same: not within time.
    expect(decision766(state, { projection: p, catalog: w.catalog, ...MARCH })[0]!.indicators['2.1'].numerator).toBe(0);
    await d.run('skhdt', { type: 'StopProcessing', reason: 'Không bổ sung' }, vn('2024-04-02T09:00'));
    state = foldProjection(p, w.events());
    // Stopped in April: on the legal clock (national 06a) it is `other`, not resolved on time; on the KPI clock (2.1 counts stops) it is late.
    const [april] = report06a(state, { projection: p, catalog: w.catalog, from: '2024-04-01', to: '2024-04-30' });
    expect(april!.resolved.onTime + april!.resolved.early).toBe(0);
    expect(april!.other).toMatchObject({ total: 1, stopped: 1 });
    const [kpiApril] = report06a(state, { projection: p, catalog: w.catalog, from: '2024-04-01', to: '2024-04-30', clock: 'kpi' });
    expect(kpiApril!.resolved.early + kpiApril!.resolved.onTime).toBe(0);
    // Decision 766 2.1 (KPI clock; a stop ends processing, measured at the request 12/03 > due 07/03): 0 on time of 1 → late.
    expect(decision766(state, { projection: p, catalog: w.catalog, from: '2024-04-01', to: '2024-04-30' })[0]!.indicators['2.1']).toMatchObject({ numerator: 0, denominator: 1 });
    // The Thanh Hóa convention (an explicit option) reads waiting as within time and the stop as on time: it agrees with itself.
    expect(report06a(state, { projection: p, catalog: w.catalog, ...MARCH, convention: 'thanhHoa' })[0]!.pending).toEqual({ total: 1, withinTime: 1, overdue: 0 });
    expect(report06a(state, { projection: p, catalog: w.catalog, from: '2024-04-01', to: '2024-04-30', convention: 'thanhHoa' })[0]!.resolved).toEqual({
      total: 1,
      early: 0,
      onTime: 1,
      late: 0,
    });
  });
});

describe('item 4 — hour limits are minute-precise by default (06a, 766, TT 01 index 1)', () => {
  // 4 working hours, accepted Fri 01/03/2024 15:00: Fri 15:00–17:00 (2 h) + Mon 07:00–09:00 (2 h) → due Mon 04/03 09:00.
  // Resolved Mon 04/03 17:00: 09:00–11:30 (2 h 30) + 13:30–17:00 (3 h 30) = 6 working hours late, on the due date's local day.
  it('resolved 6 working hours late is late by default and 0 points in TT 01 index 1; `day` reads it on time', async () => {
    const w = world();
    const d = w.dossier();
    const r = await d.receive(HOURS, vn('2024-03-01T15:00'));
    expect((r as { state: { due: { legal: { at: string } } } }).state.due.legal.at).toBe(vn('2024-03-04T09:00'));
    await d.run('reception', { type: 'TransferDossier', mode: 'electronic' }, vn('2024-03-01T15:30'));
    await d.run('xa', { type: 'Resolve', electronicResult: true }, vn('2024-03-04T17:00'));
    const events = w.events();
    for (const [policy, late] of [
      [undefined, 1],
      ['day', 0],
    ] as const) {
      const p = timelinessProjection({ calendar: cal, ...(policy ? { policy } : {}) });
      const state = foldProjection(p, events);
      expect(report06a(state, { projection: p, catalog: w.catalog, ...MARCH })[0]!.resolved.late, String(policy)).toBe(late);
      expect(decision766(state, { projection: p, catalog: w.catalog, ...MARCH })[0]!.indicators['2.1'].numerator, String(policy)).toBe(1 - late);
    }
    const t = tt01Projection({ calendar: cal });
    expect(tt01Report(foldProjection(t, events), { catalog: w.catalog, ...MARCH, by: 'agency' })[0]!.indices[1]).toBe(0);
  });
});

describe('item 5 — satisfaction and scoring details', () => {
  it('a rating after RefuseReception is attributed to the refusing unit', async () => {
    const w = world();
    const d = w.dossier();
    await d.run(
      'reception',
      { type: 'RefuseReception', reason: 'Không thuộc thẩm quyền', intake: { procedureCode: BUSINESS, unit: UNIT, applicant: APPLICANT, channel: 'direct' } },
      vn('2024-03-04T09:00'),
    );
    await d.run('applicant', { type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'thaiDo', level: 'Không hài lòng' }], like: false }, vn('2024-03-04T10:00'));
    const s = foldProjection(satisfactionProjection(), w.events());
    const [row] = satisfactionReport(s, { catalog: w.catalog, ...MARCH, groupBy: ['unit'] });
    expect(row).toMatchObject({ group: { unit: UNIT.code }, total: 1, satisfied: 0, dislikes: 1 });
  });
  it('ratios are rounded: 1 synced of 14 received → 1.4 ratio 0.0714 (7.14 %), never 0.07139999999999999', async () => {
    const w = world();
    const ids: ReturnType<typeof w.dossier>[] = [];
    for (let i = 0; i < 14; i++) {
      const d = w.dossier();
      await d.receive(BUSINESS, vn(`2024-03-04T09:${String(i).padStart(2, '0')}`));
      ids.push(d);
    }
    await ids[0]!.run('reception', { type: 'RecordPortalSync' }, vn('2024-03-05T09:00'));
    const p = timelinessProjection({ calendar: cal });
    const [row] = decision766(foldProjection(p, w.events()), { projection: p, catalog: w.catalog, ...MARCH });
    // 1/14 = 0.071428… → 4 decimals 0.0714; percent 7.14; points 6 × 0.0714… = 0.43.
    expect(row!.indicators['1.4']).toMatchObject({ numerator: 1, denominator: 14, ratio: 0.0714, percent: 7.14, points: 0.43 });
  });
  it('other rates are rounded too: 06a on-time rate 1/3 → 0.3333 (4 decimals), satisfaction rate 1/3 → 0.33 (2 decimals)', async () => {
    const w = world();
    // Received Mon 04/03/2024, due Thu 07/03: resolved Tue 05 (early), Fri 08 and Mon 11 (late); each returned 12/03 and rated once.
    const levels = ['Rất hài lòng', 'Không hài lòng', 'Không hài lòng'];
    for (const [i, resolvedAt] of ['2024-03-05T10:00', '2024-03-08T10:00', '2024-03-11T10:00'].entries()) {
      const d = w.dossier();
      await d.receive(BUSINESS, vn('2024-03-04T09:00'));
      await d.run('reception', { type: 'TransferDossier', mode: 'electronic' }, vn('2024-03-04T10:00'));
      await d.run('skhdt', { type: 'Resolve', electronicResult: true }, vn(resolvedAt));
      await d.run('reception', { type: 'ReturnResult', method: 'online' }, vn('2024-03-12T09:00'));
      await d.run('applicant', { type: 'Rate', channel: 'online', ratings: [{ criterion: 'thaiDo', level: levels[i]! }] }, vn('2024-03-12T10:00'));
    }
    const p = timelinessProjection({ calendar: cal });
    expect(report06a(foldProjection(p, w.events()), { projection: p, catalog: w.catalog, ...MARCH })[0]!.onTimeRate).toBe(0.3333);
    const [sat] = satisfactionReport(foldProjection(satisfactionProjection(), w.events()), { catalog: w.catalog, ...MARCH });
    expect(sat).toMatchObject({ total: 3, satisfied: 1, satisfactionRate: 0.33 });
  });
  it('TT 01 agency bands when indices 5 and 6 cannot be computed: rescaled to 18 by default, raw as an option', async () => {
    const w = world();
    const d = w.dossier();
    await d.receive(BUSINESS, vn('2024-03-04T09:00'));
    await d.run('reception', { type: 'TransferDossier', mode: 'electronic' }, vn('2024-03-04T10:00'));
    await d.run('skhdt', { type: 'Resolve', electronicResult: true }, vn('2024-03-05T10:00'));
    const s = foldProjection(tt01Projection({ calendar: cal }), w.events());
    const q = { catalog: w.catalog, ...MARCH, by: 'agency' as const };
    const [rescaled] = tt01Report(s, q);
    const [raw] = tt01Report(s, { ...q, bandScale: 'raw' });
    expect(rescaled!.indices[5]).toBeUndefined();
    expect(rescaled!.scaled).toBe(Math.round(((rescaled!.total * 18) / rescaled!.max) * 10) / 10);
    expect(raw!.scaled).toBe(raw!.total);
  });
});

describe('item 9 — reception SLA: online dossiers received within 8 working hours, per unit', () => {
  // Submitted online Mon 04/03/2024 08:00. 8 working hours: Mon 08:00–11:30 (3 h 30) + 13:30–17:00 (3 h 30) + Tue 07:00–08:00 (1 h) → Tue 05/03 08:00.
  it('accepted Tue 07:30 → on time; refused Tue 10:00 → late; not handled by 31/03 → pending overdue', async () => {
    const w = world();
    const submit = async () => {
      const d = w.dossier();
      await d.run('applicant', { type: 'SubmitOnline', procedureCode: BUSINESS, unit: UNIT, applicant: APPLICANT }, vn('2024-03-04T08:00'));
      return d;
    };
    const a = await submit();
    const b = await submit();
    await submit();
    await a.run('reception', { type: 'ReceiveDossier' }, vn('2024-03-05T07:30'));
    await b.run('reception', { type: 'RefuseReception', reason: 'Sai thủ tục' }, vn('2024-03-05T10:00'));
    const p = receptionProjection({ calendar: cal });
    const [row] = receptionReport(foldProjection(p, w.events()), { ...MARCH, projection: p });
    expect(row).toMatchObject({ group: { unit: UNIT.code }, submitted: 3, handled: { total: 2, onTime: 1, late: 1, accepted: 1, refused: 1 }, pending: { total: 1, overdue: 1 } });
  });
});

describe('item 10 — RulePack.kpiCountIntakeSupplements is read', () => {
  // One intake request (Form 02) + one post-acceptance request, resolved early (Wed 06/03, due Thu 07/03).
  // Default (domain §11: post-acceptance only): 1 request → not late. With the flag: 2 requests > 1 → late (§4.3).
  it('the KPI clock counts the intake request only under a pack that says so (the projection is given the packs, as the engine)', async () => {
    const packs = DEFAULT_RULE_PACKS.map((p) => ({ ...p, kpiCountIntakeSupplements: true }));
    const verdict = async (catalog: Catalog, rulePacks?: typeof packs) => {
      const w = world(catalog);
      const d = w.dossier();
      await d.run(
        'reception',
        {
          type: 'RequestIntakeSupplement',
          items: [{ name: 'Tờ khai' }],
          reason: 'Thiếu',
          intake: { procedureCode: BUSINESS, unit: UNIT, applicant: APPLICANT, channel: 'direct' },
        },
        vn('2024-03-04T08:00'),
      );
      await d.run('applicant', { type: 'ProvideIntakeSupplement' }, vn('2024-03-04T08:30'));
      await d.receive(BUSINESS, vn('2024-03-04T09:00'));
      await d.run('reception', { type: 'TransferDossier', mode: 'electronic' }, vn('2024-03-04T10:00'));
      await d.run('skhdt', { type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }, vn('2024-03-05T09:00'));
      await d.run('applicant', { type: 'ProvideSupplement' }, vn('2024-03-05T10:00'));
      await d.run('skhdt', { type: 'Resolve', electronicResult: true }, vn('2024-03-06T09:00'));
      const p = timelinessProjection({ calendar: cal, ...(rulePacks ? { rulePacks } : {}) });
      return report06a(foldProjection(p, w.events()), { projection: p, catalog, ...MARCH, clock: 'kpi' })[0]!.resolved.late;
    };
    expect(await verdict(sampleCatalog())).toBe(0);
    expect(await verdict(createCatalog({ procedures: sampleCatalog().list(), rulePacks: packs }), packs)).toBe(1);
    // Built without the catalog's packs (its `rulePacks` option), the projection counted with the bundled ones: the
    // KPI report given the catalog refuses rather than answer 0 (docs/metrics.md, "Rule packs").
    await expect(verdict(createCatalog({ procedures: sampleCatalog().list(), rulePacks: packs }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ code: 'rule_pack_mismatch', path: ['catalog', 'rulePacks', 'nd61-2018', 'kpiCountIntakeSupplements'] }],
    });
  });
});

describe('item 14 — reports say when their period contains estimated days', () => {
  it('06a rows: 0 estimated days for 2024, 2 for a period ending 02/01/2027 (01/01 and 02/01/2027 have no official schedule)', async () => {
    const w = world();
    await w.dossier().receive(BUSINESS, vn('2024-03-04T09:00'));
    const p = timelinessProjection({ calendar: cal });
    const state = foldProjection(p, w.events());
    expect(report06a(state, { projection: p, catalog: w.catalog, ...MARCH })[0]!.estimatedCalendarDays).toBe(0);
    expect(report06a(state, { projection: p, catalog: w.catalog, from: '2026-12-30', to: '2027-01-02' })[0]!.estimatedCalendarDays).toBe(2);
    expect(decision766(state, { projection: p, catalog: w.catalog, from: '2026-12-30', to: '2027-01-02' })[0]!.estimatedCalendarDays).toBe(2);
  });
});

describe('item 20 (projections) — one poisoned event never makes every report fail', () => {
  it('an event stored with occurredAt +010000-… (written before the bound existed) is skipped and reported; the reports still answer', async () => {
    const w = world();
    const good = w.dossier();
    await good.receive(BUSINESS, vn('2024-03-04T09:00'));
    // Straight into the store, as an old engine did: a copy of the acceptance, dated in year 10000.
    const [accepted] = w.events();
    const id = randomUUID();
    await w.store.append(`dossier-${id}`, [
      {
        type: accepted!.type,
        data: structuredClone(accepted!.data),
        metadata: { ...structuredClone(accepted!.metadata), eventId: randomUUID(), occurredAt: '+010000-01-01T18:59:59.+07:00' },
      },
    ]);
    const p = timelinessProjection({ calendar: cal });
    const runner = createProjectionRunner({ store: w.store, projection: p, name: 'acceptance-20' });
    await runner.catchUp();
    expect(runner.position).toBe(await w.store.headPosition());
    expect(runner.skipped.map((s) => s.error.code)).toEqual(['INVALID_HISTORY']);
    const [row] = report06a(runner.state, { projection: p, catalog: w.catalog, ...MARCH });
    expect(row!.received.total).toBe(1);
    // Not counted anywhere: over 2024–9999 only the good dossier is received, none carried over
    // (read as a date prefix, '+010000-…' was a day of year −4900, carried over into every period).
    const [all] = report06a(runner.state, { projection: p, catalog: w.catalog, from: '2024-01-01', to: '9999-12-31' });
    expect(all!.received).toMatchObject({ total: 1, carriedOver: 0 });
    expect(decision766(runner.state, { projection: p, catalog: w.catalog, ...MARCH })[0]!.indicators['2.1'].denominator).toBe(1);
    // The other report projections go on too.
    for (const [name, projection] of [
      ['tt01', tt01Projection({ calendar: cal })],
      ['reception', receptionProjection({ calendar: cal })],
      ['satisfaction', satisfactionProjection()],
    ] as const) {
      const other = createProjectionRunner({ store: w.store, projection: projection as never, name: `acceptance-20-${name}` });
      await other.catchUp();
      expect(other.position, name).toBe(await w.store.headPosition());
    }
  });
});
