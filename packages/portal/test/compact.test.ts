/**
 * The compact record (`encodePortalRecord` / `decodePortalRecord`) and the
 * simulated portal without history, which keeps its records that way. Oracles:
 * the record itself (a round trip gives back every field but the history), and
 * the same updates applied by a portal that keeps full records (history on):
 * both must hold the same fields.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyPortalUpdate,
  createHttpPortalClient,
  decodePortalRecord,
  encodePortalRecord,
  startSimulatedPortal,
  type PortalDossierRecord,
  type PortalStatusUpdate,
  type SimulatedPortal,
} from '../src';

const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}+07:00`);
const text = fc.string({ minLength: 1, maxLength: 30 });

const updateArb = (dossierId: string, version: number) =>
  fc.record(
    {
      dossierId: fc.constant(dossierId),
      version: fc.constant(version),
      eventType: fc.constantFrom('DossierAccepted', 'ApologyIssued', 'OfficerAssigned', 'DossierResolved'),
      occurredAt: instant,
      status: fc.integer({ min: 1, max: 10 }),
      step: text,
      dossierCode: text,
      procedureCode: text,
      unitCode: text,
      channel: fc.constantFrom(1 as const, 2 as const, 3 as const),
      legalDue: instant,
      rescheduledDue: instant,
      dueAt: instant,
    },
    { requiredKeys: ['dossierId', 'version', 'eventType', 'occurredAt'] },
  ) as fc.Arbitrary<PortalStatusUpdate>;

/** A dossier's updates, versions 1..n, each with any subset of the optional fields. */
const historyArb = (dossierId: string) => fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => updateArb(dossierId, i + 1))));

const withoutHistory = ({ history: _history, ...rest }: PortalDossierRecord) => rest;

describe('compact portal record', () => {
  it('round trip: decode(encode(r)) has every field of r (absent ones absent), and an empty history', () => {
    fc.assert(
      fc.property(historyArb('d-1'), (updates) => {
        let record: PortalDossierRecord | undefined;
        for (const [i, update] of updates.entries()) record = applyPortalUpdate(record, update, `k${i}`, '2025-07-01T01:00:00.000Z');
        const back = decodePortalRecord('d-1', encodePortalRecord(record!));
        expect(back).toStrictEqual({ ...withoutHistory(record!), history: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('is one string, shorter than the JSON of the record it encodes', () => {
    const record: PortalDossierRecord = {
      dossierId: 'd-1',
      status: 4,
      version: 3,
      updatedAt: '2025-07-02T08:00:00+07:00',
      firstAt: '2025-07-01T08:00:00+07:00',
      step: 'OfficerAssigned',
      history: [],
    };
    const encoded = encodePortalRecord(record);
    expect(typeof encoded).toBe('string');
    expect(encoded.length).toBeLessThan(JSON.stringify(record).length);
  });
});

describe('simulated portal without history (compact records)', () => {
  const portals: SimulatedPortal[] = [];
  afterEach(async () => {
    while (portals.length) await portals.pop()!.close();
  });

  it('holds the same fields as a portal with history for the same updates, duplicates included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(historyArb('d-1'), historyArb('d-2')), fc.array(fc.nat(), { maxLength: 5 }), async ([one, two], repeats) => {
        const full = await startSimulatedPortal();
        const compact = await startSimulatedPortal({ history: false });
        portals.push(full, compact);
        const sends = [...one, ...two].map((update) => ({ update, idempotencyKey: `dvcqg/${update.dossierId}/${update.version}` }));
        // Some sends again (a lost acknowledgement): applied once by both.
        for (const r of repeats) if (sends.length > 0) sends.push(sends[r % sends.length]!);
        for (const portal of [full, compact]) {
          const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
          for (const send of sends) await client.sendStatus(send.update, { idempotencyKey: send.idempotencyKey });
        }
        for (const id of ['d-1', 'd-2']) {
          expect(compact.record(id)).toStrictEqual({ ...withoutHistory(full.record(id)!), history: [] });
        }
        expect(compact.records().map(withoutHistory)).toStrictEqual(full.records().map(withoutHistory));
        expect(compact.stats()).toStrictEqual(full.stats());
        while (portals.length) await portals.pop()!.close();
      }),
      { numRuns: 25 },
    );
  });

  it('answers a duplicate with the first receipt time, as one with history does', async () => {
    const portal = await startSimulatedPortal({ history: false });
    portals.push(portal);
    const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
    const update: PortalStatusUpdate = { dossierId: 'd-1', version: 1, eventType: 'DossierAccepted', occurredAt: '2025-07-01T08:00:00+07:00', status: 2 };
    const first = await client.sendStatus(update, { idempotencyKey: 'k1' });
    const again = await client.sendStatus(update, { idempotencyKey: 'k1' });
    expect(again).toEqual({ duplicate: true, receivedAt: first.receivedAt });
    expect(portal.record('d-1')).toMatchObject({ status: 2, version: 1, history: [] });
  });
});
