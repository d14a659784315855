import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controlSlip, ValidationError, type DossierEvent } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import {
  controlSlipFromStore,
  controlSlipOf,
  controlSlipProjection,
  decision766,
  foldProjection,
  report06a,
  splitPeriod,
  table06a,
  table766,
  tableSatisfaction,
  tableTt01,
  timelinessProjection,
  toCsv,
  toJson,
  satisfactionProjection,
  satisfactionReport,
  tt01Projection,
  tt01Report,
  COLUMNS_06A,
} from '@motcua/projections';
import { historyArb, testCatalog, runHistory } from './support/generate';

const catalog = testCatalog();
const cal = vietnamCalendar();

describe('control slip (form 05)', () => {
  it('equals core controlSlip(history) for every dossier held, and the store fallback for all', async () => {
    const projection = controlSlipProjection({ retentionDays: 100_000 });
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const { events, store } = await runHistory(scripts);
        const state = foldProjection(projection, events);
        const ids = [...new Set(events.map((e) => e.streamId))];
        for (const sid of ids) {
          const id = sid.slice('dossier-'.length);
          const expected = controlSlip(events.filter((e) => e.streamId === sid) as DossierEvent[]);
          expect(controlSlipOf(state, id)).toEqual(expected);
          expect(await controlSlipFromStore(store, id)).toEqual(expected);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('rows carry from/to, time, actor and the timeliness of measured steps (leg budgets)', async () => {
    const {
      events: first,
      engine,
      store,
    } = await runHistory([{ procedure: '1.003003', unit: 0, channel: 'direct', intake: 'receive', startMinutes: 0, components: [], usesPopulationData: false, steps: [] }]);
    const id = first[0]!.streamId.slice(8);
    const actor = { id: 'cv-07', role: 'officer' };
    const run = (body: object, at: string) => engine.execute({ ...body, actor, commandId: crypto.randomUUID(), dossierId: id, at } as never);
    await run({ type: 'TransferDossier', mode: 'paper' }, '2024-03-01T10:00:00.000+07:00');
    await run({ type: 'StartInterAgency' }, '2024-03-01T11:00:00.000+07:00');
    await run({ type: 'CompleteLeg', legIndex: 0 }, '2024-03-20T11:00:00.000+07:00');
    const events = [];
    for await (const e of store.readAll()) events.push(e);
    const state = foldProjection(controlSlipProjection(), events);
    const slip = controlSlipOf(state, id)!;
    expect(slip.rows[0]).toMatchObject({ no: 1, step: { vi: 'Tiếp nhận hồ sơ (Mẫu 01)', en: 'Accepted (Form 01)' }, from: 'Nguyễn Văn An', actor: 'cv-02' });
    expect(slip.rows[1]).toMatchObject({ step: { en: 'Transferred' }, actor: 'cv-07', timeliness: 'onTime' });
    // Leg 0 (8 working days from Fri 01/03 → Wed 13/03) completed Wed 20/03: late against its budget.
    const leg = slip.rows.find((r) => r.step.en === 'Leg completed')!;
    expect(leg).toMatchObject({
      from: 'Chi nhánh Văn phòng đăng ký đất đai',
      to: 'Chi cục Thuế',
      due: { date: '2024-03-13' },
      timeliness: 'late',
      at: '2024-03-20T11:00:00.000+07:00',
    });
    expect(controlSlipOf(state, 'missing')).toBeUndefined();
  });

  it('a late event is attributed within the retention window after the end (its own day); the record is evicted 7 days later (business days seen in the log)', async () => {
    const p = controlSlipProjection({ retentionDays: 2 });
    const ev = (stream: string, version: number, type: string, at: string) => ({ streamId: stream, version, position: 0, type, data: {}, metadata: { occurredAt: at } }) as never;
    const s = p.init();
    p.apply(s, ev('dossier-a', 1, 'ReceptionRefused', '2024-03-01T09:00:00.000+07:00'));
    p.apply(s, ev('dossier-c', 1, 'ReceptionRefused', '2024-03-01T10:00:00.000+07:00'));
    p.apply(s, ev('dossier-b', 1, 'DossierSubmitted', '2024-03-04T09:00:00.000+07:00'));
    // Ended on 01/03 with a 2-day window: an event of 03/03 is attributed, one of 04/03 is not — whatever the latest day seen.
    p.apply(s, ev('dossier-c', 2, 'DossierRated', '2024-03-03T10:00:00.000+07:00'));
    p.apply(s, ev('dossier-a', 2, 'DossierRated', '2024-03-04T10:00:00.000+07:00'));
    expect(s.unattributed).toBe(1);
    expect(s.tail.get('dossier-c')?.events.map((e) => e.type)).toEqual(['ReceptionRefused', 'DossierRated']);
    expect(s.tail.get('dossier-a')?.events.map((e) => e.type)).toEqual(['ReceptionRefused']);
    // Memory: held until the latest day passes 01/03 + 2 + 7 (LAG_DAYS) = 10/03.
    p.apply(s, ev('dossier-b', 2, 'IntakeSupplementProvided', '2024-03-10T09:00:00.000+07:00'));
    expect(s.tail.has('dossier-a')).toBe(true);
    p.apply(s, ev('dossier-b', 3, 'IntakeSupplementProvided', '2024-03-11T09:00:00.000+07:00'));
    expect(s.tail.has('dossier-a')).toBe(false);
    expect(s.open.has('dossier-b')).toBe(true);
  });
});

describe('timeliness: late annotations and memory', () => {
  it('annotations after the window are unattributed; open dossiers are never evicted', async () => {
    const { events } = await runHistory(fc.sample(historyArb, { numRuns: 1, seed: 11 })[0]!);
    const p = timelinessProjection({ calendar: cal, lateEventWindowDays: 0 });
    const state = foldProjection(p, events);
    const accepted = new Set(events.filter((e) => e.type === 'DossierAccepted').map((e) => e.streamId));
    const ended = new Set(events.filter((e) => ['DossierResolved', 'ResolutionRefused', 'WithdrawalRequested', 'ProcessingStopped'].includes(e.type)).map((e) => e.streamId));
    expect(state.open.size).toBe([...accepted].filter((x) => !ended.has(x)).length);
    // Ended records are kept LAG_DAYS (7) beyond the window, for events appended a little behind the latest day.
    for (const [, r] of state.tail) expect(r.closedDay).toBeGreaterThanOrEqual(state.maxDay - 7);
  });
});

describe('queries at an instant', () => {
  it('open dossiers are classified against the calendar at asOf, not at rebuild time', async () => {
    // Business registration received Mon 04/03/2024 (3 working days → due Thu 07/03), still open.
    const { events } = await runHistory([
      { procedure: '2.002030', unit: 0, channel: 'online', intake: 'receive', startMinutes: 3 * 1440 + 60, components: [], usesPopulationData: false, steps: [] },
    ]);
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, events);
    const q = { projection, catalog, from: '2024-03-01', to: '2024-03-31' };
    expect(report06a(state, { ...q, asOf: '2024-03-07T16:00:00+07:00' })[0]!.pending).toEqual({ total: 1, withinTime: 1, overdue: 0 });
    expect(report06a(state, { ...q, asOf: '2024-03-08T08:00:00+07:00' })[0]!.pending).toEqual({ total: 1, withinTime: 0, overdue: 1 });
    const minute = timelinessProjection({ calendar: cal, policy: 'minute' });
    const ms = foldProjection(minute, events);
    expect(report06a(ms, { ...q, projection: minute, asOf: '2024-03-07T17:30:00+07:00' })[0]!.pending.overdue).toBe(1);
    expect(report06a(state, { ...q, asOf: '2024-03-07T17:30:00+07:00' })[0]!.pending.overdue).toBe(0);
  });

  it('period split by month, quarter, year', () => {
    expect(splitPeriod({ from: '2024-01-15', to: '2024-03-10' }, 'month')).toEqual([
      { label: '2024-01', from: '2024-01-15', to: '2024-01-31' },
      { label: '2024-02', from: '2024-02-01', to: '2024-02-29' },
      { label: '2024-03', from: '2024-03-01', to: '2024-03-10' },
    ]);
    expect(splitPeriod({ from: '2024-02-01', to: '2024-12-31' }, 'quarter').map((p) => p.label)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(splitPeriod({ from: '2023-06-01', to: '2024-02-01' }, 'year')).toEqual([
      { label: '2023', from: '2023-06-01', to: '2023-12-31' },
      { label: '2024', from: '2024-01-01', to: '2024-02-01' },
    ]);
  });

  it('monthly rows chain: one month carries over exactly what the previous left pending', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const { events } = await runHistory(scripts);
        const projection = timelinessProjection({ calendar: cal });
        const rows = report06a(foldProjection(projection, events), { projection, catalog, from: '2024-02-01', to: '2024-07-31', splitBy: 'month', groupBy: ['unit'] });
        for (const r of rows) {
          const prev = rows.find((x) => x.group.unit === r.group.unit && x.group.period === `2024-${String(Number(r.group.period!.slice(5)) - 1).padStart(2, '0')}`);
          expect(r.received.carriedOver).toBe(prev?.pending.total ?? 0);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('bad queries throw ValidationError', () => {
    const projection = timelinessProjection();
    const s = projection.init();
    expect(() => report06a(s, { projection, catalog, from: '2024-03-31', to: '2024-03-01' })).toThrow(ValidationError);
    expect(() => report06a(s, { projection, catalog, from: '2024-3-1', to: '2024-03-31' })).toThrow(ValidationError);
    expect(() => report06a(s, { projection, catalog, from: '2024-03-01', to: '2024-03-31', groupBy: ['colour' as never] })).toThrow(ValidationError);
    expect(() => decision766(s, { projection, catalog, from: '2024-03-01', to: '2024-03-31', asOf: 'tomorrow' })).toThrow(ValidationError);
  });
});

describe('export', () => {
  it('CSV and JSON with Vietnamese and English labels', async () => {
    const { events } = await runHistory(fc.sample(historyArb, { numRuns: 1, seed: 5 })[0]!);
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, events);
    const rows = report06a(state, { projection, catalog, from: '2024-02-01', to: '2024-06-30', groupBy: ['agency'] });
    const vi = toCsv(table06a(rows, 'vi'), { bom: true });
    expect(vi.startsWith('\uFEFF(1) STT,(2) Cơ quan giải quyết,(3) Số hồ sơ tiếp nhận: Tổng số,(4) Trong kỳ: Trực tuyến')).toBe(true);
    const lines = vi.trim().split('\r\n');
    expect(lines.length).toBe(rows.length + 1);
    const first = lines[1]!.split(',');
    expect(first[0]).toBe('1');
    expect(first[1]).toBe(rows[0]!.group.agency);
    expect(Number(first[2])).toBe(rows[0]!.received.total);
    expect(toCsv(table06a(rows, 'en')).split('\r\n')[0]).toContain('(13) Overdue');
    expect(JSON.parse(toJson(rows))).toEqual(rows);
    expect(Object.keys(COLUMNS_06A)).toHaveLength(13);
    const d = decision766(state, { projection, catalog, from: '2024-02-01', to: '2024-06-30' });
    expect(toCsv(table766(d, 'en'))).toContain('2.1 Early or on-time rate (ratio)');
    const tt = tt01Report(foldProjection(tt01Projection(), events), { catalog, from: '2024-02-01', to: '2024-06-30', by: 'agency' });
    expect(toCsv(tableTt01(tt, 'agency', 'vi'))).toContain('Xếp loại');
    const sat = satisfactionReport(foldProjection(satisfactionProjection(), events), { catalog, from: '2024-02-01', to: '2024-06-30' });
    expect(toCsv(tableSatisfaction(sat, 'vi'))).toContain('Tỷ lệ hài lòng');
    expect(toCsv({ columns: [{ key: 'a', label: 'a,"b"' }], rows: [['x\ny']] })).toBe('"a,""b"""\r\n"x\ny"\r\n');
  });
});
