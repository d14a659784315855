/**
 * The simulation end to end on small runs: reproducible by seed, identical
 * on SQLite and in memory, the what-if replay, 06a invariants, and arrivals
 * on reception days only. No timing assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { receptionCalendar } from '@motcua/calendar';
import { InMemoryEventStore, localDateOf } from '@motcua/core';
import type { Report06aRow } from '@motcua/projections';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { arrivals, GIA_LAM, simulate, type SimulationInput, type SimulationResult } from '../src/index';

// Six weeks around Tết Tân Sửu (off 10–16/02/2021).
const input: SimulationInput = { scale: GIA_LAM, dossiers: 1200, from: '2021-01-25', to: '2021-03-10', seed: 7 };

const runs = new Map<string, Promise<SimulationResult>>();
function memoryRun(i: SimulationInput = input): Promise<SimulationResult> {
  const key = JSON.stringify({ ...i, scale: i.scale.id });
  if (!runs.has(key)) runs.set(key, simulate(i, new InMemoryEventStore()));
  return runs.get(key)!;
}

function checkRow(r: Report06aRow) {
  expect(r.received.total).toBe(r.received.online + r.received.directOrPostal + r.received.carriedOver);
  expect(r.resolved.total).toBe(r.resolved.early + r.resolved.onTime + r.resolved.late);
  expect(r.pending.total).toBe(r.pending.withinTime + r.pending.overdue);
  expect(r.received.total).toBeGreaterThanOrEqual(r.resolved.total + r.pending.total - r.received.carriedOver);
}

describe('province simulation', () => {
  it('runs every planned command through the engine without a refusal', async () => {
    const r = await memoryRun();
    expect(r.run.failures).toEqual([]);
    expect(r.run.dossiers).toBe(1200);
    expect(r.run.commands).toBeGreaterThan(1200);
    // The common paths are there: instant handling, inter-agency legs, supplements, apologies, withdrawals.
    for (const t of ['HandleInstantly', 'ReceiveDossier', 'SubmitOnline', 'CompleteLeg', 'RequestSupplement', 'RecordFeePayment', 'Rate', 'RecordPortalSync'])
      expect(r.run.byType[t] ?? 0).toBeGreaterThan(0);
    expect(r.run.apologies.issued).toBeGreaterThan(0);
  });

  it('is reproducible: the same seed gives the same 06a JSON, another seed a different one', async () => {
    const a = await memoryRun();
    const b = await simulate(input, new InMemoryEventStore());
    expect(JSON.stringify(b.report.report06a)).toBe(JSON.stringify(a.report.report06a));
    expect(b.report).toEqual(a.report);
    const c = await memoryRun({ ...input, seed: 8 });
    expect(JSON.stringify(c.report.report06a)).not.toBe(JSON.stringify(a.report.report06a));
  });

  it('gives the same report on SQLite as in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-sim-test-'));
    const store = await createSqliteEventStore({ filename: join(dir, 'sim.db'), synchronous: 'NORMAL' });
    try {
      const onSqlite = await simulate(input, store);
      const inMemory = await memoryRun();
      expect(onSqlite.report).toEqual(inMemory.report);
      expect(onSqlite.run.events).toBe(inMemory.run.events);
      await expect(simulate(input, store)).rejects.toThrow(/already holds/);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('projects the same report on a second thread that follows the SQLite file while it is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-sim-test-'));
    const filename = join(dir, 'sim.db');
    const store = await createSqliteEventStore({ filename, synchronous: 'NORMAL' });
    try {
      // Small group commits, so the reader thread sees the log grow commit by commit.
      const threaded = await simulate({ ...input, batchSize: 400 }, store, { sqliteFile: filename });
      const inMemory = await memoryRun();
      expect(threaded.report).toEqual(inMemory.report);
      expect(threaded.run.events).toBe(inMemory.run.events);
      // The reader wrote nothing to the file: no projection checkpoint.
      expect(await store.loadProjection('province-simulation')).toBeUndefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds the 06a invariants per unit and in total, and units add up to the total', async () => {
    const { report } = await memoryRun();
    const { units, total } = report.report06a;
    expect(units.length).toBe(GIA_LAM.units.length);
    for (const r of units) checkRow(r);
    checkRow(total!);
    const sum = (f: (r: Report06aRow) => number) => units.reduce((n, r) => n + f(r), 0);
    expect(sum((r) => r.received.total)).toBe(total!.received.total);
    expect(sum((r) => r.resolved.late)).toBe(total!.resolved.late);
    expect(sum((r) => r.pending.total)).toBe(total!.pending.total);
    // A realistic mix: most dossiers on time, some late, commune volume ≈ 5× the district's.
    expect(report.onTimeRate).toBeGreaterThan(0.85);
    expect(report.onTimeRate).toBeLessThan(0.995);
    const district = units.find((u) => u.group.unit === '000.00.20.H26')!;
    expect(total!.received.total / district.received.total).toBeGreaterThan(4);
    expect(report.decision766?.indicators['2.1'].points).toBeGreaterThan(0);
    expect(report.satisfaction?.total).toBeGreaterThan(0);
    // Online dossiers keep their components (from the citizen's data store: 766 indicator 4.4).
    expect(report.decision766?.indicators['4.4'].numerator).toBeGreaterThan(0);
    expect(report.slowest.length).toBe(5);
  });

  it('replays the same history in the what-if: a 0 % cut reproduces the base run, a 30 % cut is not better', async () => {
    const zero = await simulate({ ...input, whatIf: 0 }, new InMemoryEventStore());
    expect(zero.whatIf!.report06aTotal).toEqual(zero.report.report06a.total);
    expect(zero.whatIf!.onTimeRate).toBe(zero.report.onTimeRate);
    expect(zero.whatIf!.run.commands).toBe(zero.run.commands);
    const cut = await simulate({ ...input, whatIf: 30 }, new InMemoryEventStore());
    expect(cut.whatIf!.run.failures).toEqual([]);
    expect(cut.whatIf!.report06aTotal!.received).toEqual(cut.report.report06a.total!.received);
    expect(cut.whatIf!.onTimeRate!).toBeLessThan(cut.report.onTimeRate!);
  });

  it('lets dossiers arrive only on reception days, never inside the Tết window, exactly as many as asked', async () => {
    const reception = receptionCalendar();
    const all = [...arrivals({ scale: GIA_LAM, dossiers: 20_000, from: '2020-12-16', to: '2021-05-31', seed: 3 })];
    expect(all.length).toBe(20_000);
    const days = new Set(all.map((a) => a.day));
    for (const d of days) expect(reception.isWorkingDay(d), d).toBe(true);
    for (const d of ['2021-02-10', '2021-02-12', '2021-02-14', '2021-02-16', '2021-04-30', '2021-05-01', '2021-01-01', '2021-01-03']) expect(days.has(d), d).toBe(false);
    expect([...days].some((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6)).toBe(true); // Saturday mornings
    for (let i = 1; i < all.length; i++) expect(all[i]!.day >= all[i - 1]!.day).toBe(true);
    // And in the engine's history: every dossier's first event falls on a reception day.
    const store = new InMemoryEventStore();
    await simulate({ ...input, dossiers: 300 }, store);
    const first = new Map<string, string>();
    for await (const e of store.readAll()) if (!first.has(e.streamId)) first.set(e.streamId, localDateOf(e.metadata.occurredAt));
    expect(first.size).toBe(300);
    for (const d of first.values()) expect(reception.isWorkingDay(d), d).toBe(true);
  });
});
