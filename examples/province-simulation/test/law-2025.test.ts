/**
 * Issue #12 item 9: the simulation across 01/07/2025 — two-tier local
 * government (districts end on 30/06/2025, brief §1), each dossier under the
 * rule pack in force at receipt (NĐ 61/2018 until 30/06, NĐ 118/2025 from
 * 01/07), reception regardless of administrative boundaries after the change
 * (NĐ 118/2025 Đ14.2) with the dossier code of the competent agency (Đ28.2).
 * Expected values come from those rules, not from a previous run.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore, localDateOf, parseDossierCode, RULE_PACK_2018, RULE_PACK_2025, type StoredEvent } from '@motcua/core';
import { arrivals, GIA_LAM, GIA_LAM_2025, simulate, simulationCatalog } from '../src/index';

const CHANGE = '2025-07-01';
const oldUnits = new Set(GIA_LAM_2025.units.filter((u) => u.validTo === '2025-06-30').map((u) => u.code));
const newUnits = new Set(GIA_LAM_2025.units.filter((u) => u.validFrom === CHANGE).map((u) => u.code));
const districtCode = GIA_LAM.units.find((u) => u.kind === 'district')!.code;

describe('arrivals across the change (two-tier local government)', () => {
  const all = [...arrivals({ scale: GIA_LAM_2025, dossiers: 8000, from: '2025-06-01', to: '2025-07-31', seed: 11 })];

  it('before 01/07/2025 only the district and its old communes receive; from 01/07 only the new commune centres', () => {
    expect(all.length).toBe(8000);
    for (const a of all) {
      if (a.day < CHANGE) expect(oldUnits.has(a.unit.code), `${a.day} ${a.unit.code}`).toBe(true);
      else expect(newUnits.has(a.unit.code), `${a.day} ${a.unit.code}`).toBe(true);
    }
    // The former district procedures are still received after the change (now at the communes).
    const districtOnly = new Set(['1.003003', '1.004203']);
    expect(all.some((a) => a.day >= CHANGE && districtOnly.has(a.sim.procedure.code))).toBe(true);
  });

  it('a dossier for another commune (Đ14.2) only after the change, never for the receiving unit itself, never an instant procedure', () => {
    const cross = all.filter((a) => a.competentUnit);
    expect(cross.length).toBeGreaterThan(0);
    for (const a of cross) {
      expect(a.day >= CHANGE).toBe(true);
      expect(a.competentUnit!.code).not.toBe(a.unit.code);
      expect(newUnits.has(a.competentUnit!.code)).toBe(true);
      expect(a.sim.procedure.instant).toBe(false);
    }
  });

  it('the older scales never produce one (NĐ 61/2018 has no such reception)', () => {
    expect([...arrivals({ scale: GIA_LAM, dossiers: 3000, from: '2021-01-04', to: '2021-02-05', seed: 3 })].some((a) => a.competentUnit)).toBe(false);
  });
});

describe('the catalog: district procedures pass to the communes on 01/07/2025', () => {
  it('version 1 at district level until 30/06, version 2 at commune level from 01/07', () => {
    const catalog = simulationCatalog();
    expect(catalog.resolve('1.003003', '2025-06-30')).toMatchObject({ version: '1', level: 'district' });
    expect(catalog.resolve('1.003003', CHANGE)).toMatchObject({ version: '2', level: 'commune' });
    // Same statutory limit on both sides of the change (only the level moved).
    expect(catalog.resolve('1.003003', CHANGE).timeLimit).toEqual(catalog.resolve('1.003003', '2025-06-30').timeLimit);
  });
});

describe('a simulated month across the change', async () => {
  const store = new InMemoryEventStore();
  const result = await simulate({ scale: GIA_LAM_2025, dossiers: 1500, from: '2025-06-16', to: '2025-07-15', seed: 5 }, store);
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  const accepted = events.filter((e) => e.type === 'DossierAccepted') as (StoredEvent & {
    data: { rulePack: string; unit: { code: string }; competentUnit?: { code: string }; channel: string; dossierCode: string; procedure: { code: string; version: string } };
  })[];

  it('runs without a refused command', () => {
    expect(result.run.failures).toEqual([]);
  });

  it('each dossier is pinned to the pack in force on its receipt day (online: the day the system received the submission)', () => {
    expect(accepted.length).toBeGreaterThan(1000);
    const firstDay = new Map<string, string>();
    for (const e of events) if (!firstDay.has(e.streamId)) firstDay.set(e.streamId, localDateOf(e.metadata.occurredAt));
    for (const e of accepted) expect(e.data.rulePack).toBe(firstDay.get(e.streamId)! < CHANGE ? RULE_PACK_2018.id : RULE_PACK_2025.id);
    expect(accepted.some((e) => e.data.rulePack === RULE_PACK_2018.id)).toBe(true);
    expect(accepted.some((e) => e.data.rulePack === RULE_PACK_2025.id)).toBe(true);
  });

  it('no dossier is received at the district after 30/06/2025; its earlier dossiers stay under the district (06a by unit)', () => {
    for (const e of accepted) if (localDateOf(e.metadata.occurredAt) >= CHANGE) expect(e.data.unit.code).not.toBe(districtCode);
    const district = result.report.report06a.units.find((r) => r.group.unit === districtCode);
    expect(district?.received.total ?? 0).toBe(accepted.filter((e) => e.data.unit.code === districtCode).length);
  });

  it('the report has one line per rule pack, adding up to the total', () => {
    const rows = result.report.byRulePack;
    expect(rows.map((r) => r.group.rulePack)).toEqual([RULE_PACK_2018.id, RULE_PACK_2025.id]);
    const total = result.report.report06a.total!;
    expect(rows.reduce((n, r) => n + r.received.total, 0)).toBe(total.received.total);
    expect(rows.reduce((n, r) => n + r.resolved.total, 0)).toBe(total.resolved.total);
  });

  it('dossiers for another commune carry its code (Đ28.2) and are counted as cross-boundary', () => {
    const cross = accepted.filter((e) => e.data.competentUnit && e.data.competentUnit.code !== e.data.unit.code);
    expect(cross.length).toBeGreaterThan(0);
    // Đ28.2: the competent agency's identifier; for a joint group (a procedure with a route) the receiving unit, or the national portal online.
    const catalog = simulationCatalog();
    for (const e of cross) {
      const joint = catalog.get(e.data.procedure.code, e.data.procedure.version).route !== undefined;
      const expected = !joint ? e.data.competentUnit!.code : e.data.channel === 'online' ? 'DVCQG' : e.data.unit.code;
      expect(parseDossierCode(e.data.dossierCode)!.unitCode).toBe(expected);
    }
    expect(cross.some((e) => parseDossierCode(e.data.dossierCode)!.unitCode === e.data.competentUnit!.code)).toBe(true);
    const inPeriod = cross.filter((e) => localDateOf(e.metadata.occurredAt) <= '2025-07-15').length;
    expect(result.report.crossBoundary.received).toBe(inPeriod);
    // Attribution: the totals by handling unit equal the totals by receiving unit.
    const byHandling = result.report.crossBoundary.byHandlingUnit.reduce((n, r) => n + r.received.total, 0);
    expect(byHandling).toBe(result.report.report06a.total!.received.total);
  });
});
