import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  type CommandBody,
  type CommandInput,
  DEFAULT_POLICY_2025,
  InMemoryEventStore,
  InMemoryKeyStore,
  REDACTED,
  createEngine,
  dossierStreamId,
  eraseExpiredPersonalData,
  protectPersonalData,
  retentionEnds,
} from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { applicant, unit } from './helpers';

/*
 * Retention (issue #14 item 4): personal data is erased automatically once
 * the period of the dossier's procedure has run from the day the dossier
 * ended. Every expected day below is worked out by hand from the calendar.
 */

describe('retentionEnds (calendar arithmetic, worked by hand)', () => {
  it.each([
    ['2024-03-15', { years: 5 }, '2029-03-15'],
    ['2024-02-29', { years: 1 }, '2025-02-28'], // 29/02/2025 does not exist: the month's last day
    ['2024-02-29', { years: 4 }, '2028-02-29'],
    ['2024-01-31', { months: 1 }, '2024-02-29'],
    ['2023-01-31', { months: 1 }, '2023-02-28'],
    ['2024-11-30', { months: 14 }, '2026-01-30'],
    ['2024-12-15', { days: 30 }, '2025-01-14'],
    ['2024-03-15', { years: 1, months: 11, days: 20 }, '2026-03-07'], // 15/02/2026 + 20 days (February 2026 has 28)
    ['2024-03-15', {}, '2024-03-15'],
  ])('%s + %o = %s', (from, period, expected) => {
    expect(retentionEnds(from, period)).toBe(expected);
  });

  it('refuses a negative or fractional period', () => {
    expect(() => retentionEnds('2024-03-15', { years: -1 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => retentionEnds('2024-03-15', { months: 1.5 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

const BUSINESS = '2.002030';
const BIRTH = '1.001193';
const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
/** Who issues what under the default policy (the rest: the receiving officer). */
const ACTORS: Record<string, { id: string; role: string; unit?: string }> = {
  Resolve: { id: 'ld-01', role: 'leader', unit: 'SKHDT' },
  FilePetition: { id: applicant.idNumber, role: 'applicant' },
};

describe('eraseExpiredPersonalData', () => {
  it('erases a dossier from the local day its period ends, never an open one; a later event starts the period again', async () => {
    const inner = new InMemoryEventStore();
    const keys = new InMemoryKeyStore();
    const store = protectPersonalData(inner, { keys });
    const engine = createEngine({ store, catalog: sampleCatalog(), clock: () => new Date('2024-07-01T00:00:00Z'), policy: DEFAULT_POLICY_2025 });
    const run = async (dossierId: string, steps: [CommandBody, string][]) => {
      for (const [body, at] of steps) await engine.execute({ ...body, actor: ACTORS[body.type] ?? officer, commandId: uuidv7(), dossierId, at } as CommandInput);
    };
    const receive: CommandBody = { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct' };
    const lifecycle = (returnedAt: string): [CommandBody, string][] => [
      [receive, '2024-03-04T09:00:00+07:00'],
      [{ type: 'TransferDossier' }, '2024-03-04T10:00:00+07:00'],
      [{ type: 'Resolve' }, '2024-03-06T10:00:00+07:00'],
      [{ type: 'ReturnResult', method: 'counter' }, returnedAt],
    ];
    const [a, open, refused, petitioned] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    // A: business registration returned Fri 15/03/2024 10:00 → 5 years (by procedure): erased from 15/03/2029 (Hà Nội time)
    await run(a, lifecycle('2024-03-15T10:00:00+07:00'));
    // open: received, never ended
    await run(open, [[receive, '2024-03-04T09:00:00+07:00']]);
    // refused: a birth registration refused at intake Wed 20/03/2024 → the default 10 years: erased from 20/03/2034
    await run(refused, [
      [{ type: 'RefuseReception', reason: 'Không thuộc thẩm quyền', intake: { procedureCode: BIRTH, unit, applicant, channel: 'direct' } }, '2024-03-20T15:00:00+07:00'],
    ]);
    // petitioned: returned 15/03/2024, a petition on Sat 01/06/2024 → 5 years from 01/06/2024: erased from 01/06/2029
    await run(petitioned, [
      ...lifecycle('2024-03-15T10:00:00+07:00'),
      [{ type: 'FilePetition', petitionId: 'p1', content: 'Chậm', channel: 'portal' }, '2024-06-01T08:00:00+07:00'],
    ]);

    const retention = { default: { years: 10 }, byProcedure: { [BUSINESS]: { years: 5 } } };
    const job = (now: string) => eraseExpiredPersonalData({ store, retention, now: new Date(now), engines: [engine] });
    const name = async (id: string) => (await engine.get(id)).applicant?.name;

    expect(await job('2029-03-14T16:59:59Z')).toEqual({ erased: [], kept: 3 }); // 14/03/2029 23:59:59 in Hà Nội
    expect(await job('2029-03-14T17:00:00Z')).toEqual({ erased: [dossierStreamId(a)], kept: 2 }); // 15/03/2029 00:00
    expect(await name(a)).toBe(REDACTED);
    expect(await name(petitioned)).toBe(applicant.name);
    expect(await job('2029-05-31T16:59:59Z')).toEqual({ erased: [], kept: 2 });
    expect(await job('2029-05-31T17:00:00Z')).toEqual({ erased: [dossierStreamId(petitioned)], kept: 1 });
    expect(await job('2034-03-19T16:59:59Z')).toEqual({ erased: [], kept: 1 });
    expect(await job('2034-03-19T17:00:00Z')).toEqual({ erased: [dossierStreamId(refused)], kept: 0 });
    expect(await job('2100-01-01T00:00:00Z')).toEqual({ erased: [], kept: 0 });
    expect(await name(open)).toBe(applicant.name);
    expect((await keys.erasures()).map((r) => [r.subject, r.reason, r.by, r.erasedAt])).toEqual([
      [dossierStreamId(a), 'retention', 'system:retention', '2029-03-14T17:00:00.000Z'],
      [dossierStreamId(petitioned), 'retention', 'system:retention', '2029-05-31T17:00:00.000Z'],
      [dossierStreamId(refused), 'retention', 'system:retention', '2034-03-19T17:00:00.000Z'],
    ]);
  });
});
