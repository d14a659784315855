/**
 * Audit (session 19): dossier codes on SQLite with two engines sharing one
 * file (two processes of one office). Domain §5 / TT 01/2018 Đ19 / NĐ 118/2025
 * Đ28.2: `<unit>-YYMMDD-XXXX`, a 4-digit sequence per unit per **local**
 * (Asia/Ho_Chi_Minh, UTC+7) receipt day, taken from an atomic counter, never
 * reused. Expected codes are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID as uuidv7 } from 'node:crypto';
import { createEngine, MotcuaError, parseDossierCode, type CommandInput, type Engine } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { tempFile } from './helpers';

const unit = { code: 'H21.65', name: 'Bộ phận Một cửa UBND xã B' };
const officer = { id: 'cb', role: 'officer', unit: unit.code };

function receive(dossierId: string, at: string): CommandInput {
  return {
    type: 'ReceiveDossier',
    commandId: uuidv7(),
    dossierId,
    actor: officer,
    procedureCode: '2.002030',
    unit,
    applicant: { name: 'Nguyễn Văn A' },
    channel: 'direct',
    at,
  } as CommandInput;
}

async function twoEngines(): Promise<{ a: Engine; b: Engine; close: () => Promise<void> }> {
  const file = tempFile();
  const storeA = await createSqliteEventStore({ filename: file });
  const storeB = await createSqliteEventStore({ filename: file });
  const catalog = sampleCatalog();
  return {
    a: createEngine({ store: storeA, catalog, policy: 'none' }),
    b: createEngine({ store: storeB, catalog, policy: 'none' }),
    close: async () => {
      await storeA.close();
      await storeB.close();
    },
  };
}

describe('dossier codes with two engines on one SQLite file', () => {
  it('24 concurrent receptions on Mon 04/03/2024, split over the two engines: exactly H21.65-240304-0001 … -0024, none twice', async () => {
    const { a, b, close } = await twoEngines();
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? a : b).execute(receive(uuidv7(), `2024-03-04T09:${String(i).padStart(2, '0')}:00+07:00`))),
    );
    const codes = results.map((r) => r.state.dossierCode!).sort();
    expect(codes).toEqual(Array.from({ length: 24 }, (_, i) => `H21.65-240304-${String(i + 1).padStart(4, '0')}`));
    await close();
  });

  it('the day is the Vietnam day: 16:59:59Z on 04/03 is 23:59:59 that day (…-240304-), 17:00:00Z is 00:00 on 05/03 (a new sequence, …-240305-0001)', async () => {
    const { a, b, close } = await twoEngines();
    expect((await a.execute(receive(uuidv7(), '2024-03-04T08:00:00+07:00'))).state.dossierCode).toBe('H21.65-240304-0001');
    expect((await b.execute(receive(uuidv7(), '2024-03-04T16:59:59Z'))).state.dossierCode).toBe('H21.65-240304-0002');
    expect((await a.execute(receive(uuidv7(), '2024-03-04T17:00:00Z'))).state.dossierCode).toBe('H21.65-240305-0001');
    // 05/03 01:00 UTC is 08:00 in Vietnam: same day as the previous one.
    const next = await b.execute(receive(uuidv7(), '2024-03-05T01:00:00Z'));
    expect(next.state.dossierCode).toBe('H21.65-240305-0002');
    expect(parseDossierCode(next.state.dossierCode!)).toEqual({ unitCode: 'H21.65', date: '2024-03-05', sequence: 2 });
    await close();
  });

  it('refused receptions take no number: a second ReceiveDossier of a received dossier, one timed before its last event, one missing the applicant', async () => {
    const { a, b, close } = await twoEngines();
    const id = uuidv7();
    expect((await a.execute(receive(id, '2024-03-04T09:00:00+07:00'))).state.dossierCode).toBe('H21.65-240304-0001');
    const refusals = [
      await b.execute(receive(id, '2024-03-04T10:00:00+07:00')).catch((e: unknown) => e),
      await a.execute(receive(id, '2024-03-04T08:00:00+07:00')).catch((e: unknown) => e),
      await b.execute({ ...receive(uuidv7(), '2024-03-04T10:00:00+07:00'), applicant: undefined } as unknown as CommandInput).catch((e: unknown) => e),
    ];
    for (const error of refusals) expect(error).toBeInstanceOf(MotcuaError);
    expect((await b.execute(receive(uuidv7(), '2024-03-04T11:00:00+07:00'))).state.dossierCode).toBe('H21.65-240304-0002');
    expect((await a.history(id)).length).toBe(1);
    await close();
  });
});
