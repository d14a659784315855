/**
 * Issue #12 item 3 (reports) — the reception clock of NĐ 118/2025 Đ17.2 (decide
 * within 8 working hours of system receipt) reported per receiving unit, with
 * the limit of the rule pack the dossier is pinned to by its submission date.
 * Working sessions 07:00–11:30, 13:30–17:00 (8 h a day): submitted Mon
 * 30/06/2025 09:00 → 2.5 h + 3.5 h that day + 2 h → due Tue 01/07 09:00;
 * submitted Tue 01/07 09:00 → due Wed 02/07 09:00. Expected values computed by
 * hand from these sessions.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RULE_PACK_2018, RULE_PACK_2025, createEngine, InMemoryEventStore, type Engine, type StoredEvent } from '@motcua/core';
import { foldProjection, receptionProjection, receptionReport } from '@motcua/projections';
import { UNITS, testCatalog } from './support/generate';

const actor = { id: 'cb-01', role: 'officer' };
const all = (engine: Engine): StoredEvent[] => [...(engine.store as unknown as { allEvents(): readonly StoredEvent[] }).allEvents()];

/** One online dossier per (unit, submission, acceptance) on one engine. */
async function history(dossiers: [unit: 0 | 1, submitted: string, accepted: string][]): Promise<StoredEvent[]> {
  const engine = createEngine({ store: new InMemoryEventStore(), catalog: testCatalog(), cacheSize: 0, policy: 'none' });
  for (const [u, submitted, accepted] of dossiers) {
    const id = randomUUID();
    const run = (body: object, at: string) => engine.execute({ ...body, actor, commandId: randomUUID(), dossierId: id, at: `${at}:00.000+07:00` } as never);
    await run({ type: 'SubmitOnline', procedureCode: '2.002030', unit: UNITS[u], applicant: { name: 'Nguyễn Văn An' }, channel: 'online' }, submitted);
    await run({ type: 'ReceiveDossier' }, accepted);
  }
  return all(engine);
}

describe('reception SLA (NĐ 118/2025 Đ17.2) per unit, by the pack in force at submission', () => {
  it('8 working hours for both packs by default: 30/06 09:00 accepted 01/07 10:00 is late; 01/07 09:00 accepted 02/07 08:59 is on time', async () => {
    const events = await history([
      [0, '2025-06-30T09:00', '2025-07-01T10:00'],
      [1, '2025-07-01T09:00', '2025-07-02T08:59'],
      [1, '2025-07-01T09:00', '2025-07-02T09:01'],
    ]);
    const rows = receptionReport(foldProjection(receptionProjection(), events), { from: '2025-06-01', to: '2025-07-31' });
    expect(rows.map((r) => [r.group.unit, r.handled.onTime, r.handled.late])).toEqual([
      [UNITS[0]!.code, 0, 1],
      [UNITS[1]!.code, 1, 1],
    ]);
  });

  it("a province's 2025 pack with a 4-working-hour limit applies only to dossiers submitted from 01/07/2025", async () => {
    const rulePacks = [RULE_PACK_2018, { ...RULE_PACK_2025, receptionLimit: { unit: 'workingHours' as const, value: 4 } }];
    // Both accepted 5 working hours after submission (09:00 + 2.5 h morning + 2.5 h afternoon = 16:00).
    const events = await history([
      [0, '2025-06-30T09:00', '2025-06-30T16:00'],
      [0, '2025-07-01T09:00', '2025-07-01T16:00'],
    ]);
    const rows = receptionReport(foldProjection(receptionProjection({ rulePacks }), events), { from: '2025-06-30', to: '2025-06-30' });
    expect(rows.map((r) => [r.handled.onTime, r.handled.late])).toEqual([[1, 0]]);
    const july = receptionReport(foldProjection(receptionProjection({ rulePacks }), events), { from: '2025-07-01', to: '2025-07-01' });
    expect(july.map((r) => [r.handled.onTime, r.handled.late])).toEqual([[0, 1]]);
  });

  it('a dossier pinned to the 2025 pack under its former id (nd118-2025-provisional) gets the 2025 limit', async () => {
    const events = (await history([[0, '2025-07-01T09:00', '2025-07-01T16:00']])).map((e) =>
      e.type === 'DossierSubmitted' ? ({ ...e, data: { ...(e.data as object), rulePack: 'nd118-2025-provisional' } } as StoredEvent) : e,
    );
    const rulePacks = [RULE_PACK_2018, { ...RULE_PACK_2025, receptionLimit: { unit: 'workingHours' as const, value: 4 } }];
    const rows = receptionReport(foldProjection(receptionProjection({ rulePacks }), events), { from: '2025-07-01', to: '2025-07-01' });
    expect(rows.map((r) => [r.handled.onTime, r.handled.late])).toEqual([[0, 1]]);
  });
});
