import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlSlip, createEngine, InMemoryEventStore } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { runLandStory } from '../src/lifecycle';
import { renderControlSlip } from '../src/render';

describe('the main job: a land dossier across Tết 2024', () => {
  it('gives the same history and control slip on the in-memory store and on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-lifecycle-'));
    const sqlite = await createSqliteEventStore({ filename: join(dir, 'demo.db') });
    const slips = [];
    for (const store of [new InMemoryEventStore(), sqlite]) {
      const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' }); // one officer plays every step
      const results = await runLandStory(engine, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
      const s = results.at(-1)!.state;
      expect(s.state).toBe('returned');
      // 15 working days from Thu 25/01/2024 15:30, Tết 2024 (08–14/02) not counted.
      expect(s.due?.original.date).toBe('2024-02-22');
      // Supplement completed Mon 05/02 → the limit restarts from zero (NĐ 61 Đ19.4).
      expect(s.due?.legal.date).toBe('2024-03-04');
      expect(s.due?.rescheduled?.date).toBe('2024-03-05');
      expect(s.apology?.lateApology).toBe(false);
      const slip = controlSlip(await engine.history(s.id));
      slips.push(slip);
      // Paper transfer after 15:00 on Thursday → due Friday 26/01.
      expect(slip.rows.find((r) => r.step.en === 'Transferred')).toMatchObject({ due: { date: '2024-01-26' }, timeliness: 'onTime' });
      expect(slip.rows.filter((r) => r.step.en === 'Leg completed').map((r) => r.timeliness)).toEqual(['onTime', 'early', 'early']);
      expect(slip.rows.at(-1)?.step.en).toBe('Result returned');
    }
    expect(slips[1]).toEqual(slips[0]);
    expect(renderControlSlip(slips[0]!, 'vi')).toContain('PHIẾU KIỂM SOÁT');
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
