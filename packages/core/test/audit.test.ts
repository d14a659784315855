import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { type Actor, type CommandBody, type CommandInput, InMemoryEventStore, ValidationError, auditTrail, createEngine, queryAuditTrail } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { applicant, unit } from './helpers';

/*
 * The audit trail (issue #14 item 6). The expected rows come from the
 * commands the test issued (who, which command, `at`, the clock when it ran),
 * not from reading the store back.
 */

const BUSINESS = '2.002030';
const ACTORS: Actor[] = [
  { id: 'cb-01', role: 'receivingOfficer', unit: unit.code, name: 'Trần Thị B' },
  { id: 'cb-02', role: 'receivingOfficer', unit: unit.code },
  { id: 'cv-01', role: 'specialist', unit: 'SKHDT' },
  { id: 'ld-01', role: 'leader', unit: 'SKHDT' },
  { id: applicant.idNumber, role: 'applicant' },
];
/** A business registration's lifecycle: one event per command. */
const STEPS: CommandBody[] = [
  { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct' },
  { type: 'TransferDossier' },
  { type: 'AssignOfficer', officer: { id: 'cv-01' } },
  { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50000 }] },
  { type: 'RecordFeePayment', amountVnd: 50000, method: 'online' },
  { type: 'Resolve' },
  { type: 'ReturnResult', method: 'counter' },
  { type: 'Rate', channel: 'online', ratings: [{ criterion: 'C1', level: 'satisfied' }] },
];
const EVENT_OF: Record<string, string> = {
  ReceiveDossier: 'DossierAccepted',
  TransferDossier: 'DossierTransferred',
  AssignOfficer: 'OfficerAssigned',
  RequestFee: 'FeeRequested',
  RecordFeePayment: 'FeePaid',
  Resolve: 'DossierResolved',
  ReturnResult: 'ResultReturned',
  Rate: 'DossierRated',
};
const T0 = Date.parse('2024-03-04T02:00:00Z'); // 09:00 in Hà Nội
const HOUR = 3_600_000;
const vnIso = (ms: number) => new Date(ms + 7 * HOUR).toISOString().replace('Z', '+07:00');

interface Issued {
  dossierId: string;
  actor: Actor;
  type: string;
  commandId: string;
  atMs: number;
  recordedMs: number;
}

/** Run the lifecycles: dossier d, step i by ACTORS[who[d][i]] at T0 + (d + i) hours, recorded `lag` ms later. */
async function run(who: number[][], lags: number[][]) {
  const store = new InMemoryEventStore();
  let now = T0;
  const engine = createEngine({ store, catalog: sampleCatalog(), clock: () => new Date(now), policy: 'none' });
  const issued: Issued[] = [];
  for (let d = 0; d < who.length; d++) {
    const dossierId = uuidv7();
    for (let i = 0; i < STEPS.length; i++) {
      const actor = ACTORS[who[d]![i]!]!;
      const atMs = T0 + (d * 24 + i) * HOUR;
      now = atMs + lags[d]![i]!;
      const commandId = uuidv7();
      await engine.execute({ ...STEPS[i]!, actor, commandId, dossierId, at: vnIso(atMs) } as CommandInput);
      issued.push({ dossierId, actor, type: EVENT_OF[STEPS[i]!.type]!, commandId, atMs, recordedMs: now });
    }
  }
  return { store, engine, issued };
}

const whoArb = (dossiers: number) =>
  fc.array(fc.array(fc.nat(ACTORS.length - 1), { minLength: STEPS.length, maxLength: STEPS.length }), { minLength: dossiers, maxLength: dossiers });
const lagArb = (dossiers: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 3 * 24 * HOUR }), { minLength: STEPS.length, maxLength: STEPS.length }), { minLength: dossiers, maxLength: dossiers });

const expectedRow = (x: Issued) => ({
  dossierId: x.dossierId,
  type: x.type,
  actorId: x.actor.id,
  role: x.actor.role,
  ...(x.actor.unit === undefined ? {} : { unit: x.actor.unit }),
  commandId: x.commandId,
  lagMs: x.recordedMs - x.atMs,
});
const pick = (r: { dossierId: string; type: string; actorId?: string; role?: string; unit?: string; commandId?: string; lagMs: number }) => ({
  dossierId: r.dossierId,
  type: r.type,
  actorId: r.actorId,
  role: r.role,
  ...(r.unit === undefined ? {} : { unit: r.unit }),
  commandId: r.commandId,
  lagMs: r.lagMs,
});

describe('audit trail', () => {
  it('for a dossier and for an officer: exactly the acts issued, with role, unit, both times and the command (property)', async () => {
    await fc.assert(
      fc.asyncProperty(whoArb(3), lagArb(3), fc.nat(ACTORS.length - 1), fc.nat(2), async (who, lags, officer, d) => {
        const { store, engine, issued } = await run(who, lags);
        const dossierId = issued[d * STEPS.length]!.dossierId;
        const byDossier = auditTrail(await store.readStream(`dossier-${dossierId}`).then((r) => r.events), { dossierId });
        expect(byDossier.map(pick)).toEqual(issued.filter((x) => x.dossierId === dossierId).map(expectedRow));
        expect(await queryAuditTrail(store, { dossierId: dossierId.toUpperCase() })).toEqual(byDossier);
        const actorId = ACTORS[officer]!.id;
        const byOfficer = await queryAuditTrail(store, { actorId });
        expect(byOfficer.map(pick)).toEqual(issued.filter((x) => x.actor.id === actorId).map(expectedRow));
        for (const r of byOfficer) {
          const x = issued.find((i) => i.commandId === r.commandId)!;
          expect(Date.parse(r.occurredAt)).toBe(x.atMs);
          expect(Date.parse(r.recordedAt)).toBe(x.recordedMs);
        }
        void engine;
      }),
      { numRuns: 25 },
    );
  });

  it('a time window applies to recordedAt by default, to occurredAt on request; unit and role filter too', async () => {
    // Dossier 0, step 7 (Rate) is backdated by 3 days: entered at T0+10 days for an act at T0+7 hours.
    const who = [[0, 0, 3, 2, 4, 2, 1, 4]];
    const lags = [[0, 0, 0, 0, 0, 0, 0, 10 * 24 * HOUR]];
    const { store, issued } = await run(who, lags);
    const rate = issued[7]!;
    const window = { from: vnIso(T0 + 9 * 24 * HOUR), to: vnIso(T0 + 11 * 24 * HOUR) };
    expect((await queryAuditTrail(store, window)).map((r) => r.commandId)).toEqual([rate.commandId]);
    expect(await queryAuditTrail(store, { ...window, time: 'occurredAt' })).toEqual([]);
    const late = await queryAuditTrail(store, { actorId: applicant.idNumber });
    expect(late.map((r) => r.lagMs)).toEqual([0, 10 * 24 * HOUR]);
    expect((await queryAuditTrail(store, { unit: 'SKHDT' })).map((r) => [r.actorId, r.type])).toEqual([
      ['ld-01', 'OfficerAssigned'],
      ['cv-01', 'FeeRequested'],
      ['cv-01', 'DossierResolved'],
    ]);
    expect((await queryAuditTrail(store, { role: 'receivingOfficer' })).map((r) => r.actorId)).toEqual(['cb-01', 'cb-01', 'cb-02']);
    expect((await queryAuditTrail(store, { actorId: 'cb-01' }))[0]).toMatchObject({ actorName: 'Trần Thị B', what: expect.any(String), version: 1 });
  });

  it('a bad filter is a VALIDATION_FAILED with the path', async () => {
    const store = new InMemoryEventStore();
    await expect(queryAuditTrail(store, { from: '2024-02-30T00:00:00+07:00' })).rejects.toBeInstanceOf(ValidationError);
    expect(() => auditTrail([], { colour: 'red' } as never)).toThrow(ValidationError);
  });
});
