/**
 * Erasure of the electronic result's document code (NĐ 118/2025 Đ22.4: the
 * applicant's ID number + the procedure's result-type code) on a protected
 * SQLite store with its key store in the same file: before the erasure the
 * code reads in clear (the control slip prints it) and is never in the file;
 * after it the applicant's ID number is nowhere — not in an event read back,
 * not in the state, not in the slip, not in the bytes of the database file or
 * its write-ahead log — and the history still verifies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID as uuidv7 } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CommandBody,
  type CommandInput,
  DEFAULT_POLICY_2025,
  type EventStore,
  REDACTED,
  type StoredEvent,
  controlSlip,
  createCatalog,
  createEngine,
  defineProcedure,
  dossierStreamId,
  protectPersonalData,
  subjectOfStream,
  verifyHistory,
} from '@motcua/core';
import { sampleProcedures } from '@motcua/core/testkit';
import { createSqliteEventStore, createSqliteKeyStore } from '@motcua/store-sqlite';
import { tempFile } from './helpers';

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const ID = '001090077777';
const CODE = `${ID}-GCN.DKDN`;
const applicant = { name: 'Trần Thị Bí Mật', idNumber: ID, phone: '0912777777', address: 'Số 7 ngõ Văn Chương, Đống Đa' };
const receiving = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
const specialist = { id: 'cv-01', role: 'specialist', unit: 'SKHDT' };

const rawBytes = (filename: string): Buffer => Buffer.concat([readFileSync(filename), ...(existsSync(`${filename}-wal`) ? [readFileSync(`${filename}-wal`)] : [])]);

async function all(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

async function open(filename: string) {
  const inner = await createSqliteEventStore({ filename });
  const store = protectPersonalData(inner, { keys: createSqliteKeyStore(inner.db) });
  const { businessRegistration, certifiedCopy, ...rest } = sampleProcedures;
  const business = defineProcedure({ ...businessRegistration, resultTypeCode: 'GCN.DKDN' });
  const copy = defineProcedure({ ...certifiedCopy, resultTypeCode: 'BS.CT' });
  const engine = createEngine({ store, catalog: createCatalog({ procedures: [...Object.values(rest), business, copy] }), policy: DEFAULT_POLICY_2025 });
  return { inner, store, engine };
}

describe('erasure of the electronic result code on SQLite', () => {
  it('the ID number in resultDocumentCode is encrypted, then erased: nowhere in events, state, slip or file', async () => {
    const filename = tempFile();
    let { inner, store, engine } = await open(filename);
    const dossierId = uuidv7();
    const run = (actor: typeof receiving, body: CommandBody, at: string) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId, at } as CommandInput);
    await run(receiving, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct' }, '2025-07-01T09:00:00+07:00');
    await run(receiving, { type: 'TransferDossier' }, '2025-07-01T10:00:00+07:00');
    await run(specialist, { type: 'Resolve', electronicResult: true }, '2025-07-02T10:00:00+07:00');
    await run(receiving, { type: 'ReturnResult', method: 'online' }, '2025-07-02T11:00:00+07:00');
    const streamId = dossierStreamId(dossierId);

    // Before: read in clear through the protected store, in the state and on the slip; stored encrypted.
    const resolvedBefore = (await store.readStream(streamId)).events.find((e) => e.type === 'DossierResolved')!;
    expect(resolvedBefore.data).toMatchObject({ electronicResult: true, resultDocumentCode: CODE });
    expect((await engine.get(dossierId)).resolution?.resultDocumentCode).toBe(CODE);
    expect(JSON.stringify(controlSlip(await engine.history(dossierId)))).toContain(CODE);
    const storedResolved = (await inner.readStream(streamId)).events.find((e) => e.type === 'DossierResolved')!;
    expect(storedResolved.metadata.personalData?.fields).toEqual(['resultDocumentCode']);
    expect(JSON.stringify((await inner.readStream(streamId)).events)).not.toContain(ID);
    expect(rawBytes(filename).includes(Buffer.from(ID))).toBe(false);

    expect(await store.eraseSubject(subjectOfStream(streamId), { reason: 'request', by: 'qt-01', engines: [engine] })).toBe(true);

    const check = async () => {
      const events = (await store.readStream(streamId)).events;
      expect(events.map((e) => e.type)).toEqual(['DossierAccepted', 'DossierTransferred', 'DossierResolved', 'ResultReturned']);
      expect(events.find((e) => e.type === 'DossierResolved')!.data).toMatchObject({ electronicResult: true, resultDocumentCode: REDACTED });
      expect(JSON.stringify(events)).not.toContain(ID);
      expect(JSON.stringify(await all(store))).not.toContain(ID);
      expect(JSON.stringify(await all(inner))).not.toContain(ID);
      const state = await engine.get(dossierId);
      expect(state.resolution?.resultDocumentCode).toBe(REDACTED);
      expect(state.applicant?.idNumber).toBeUndefined();
      expect(JSON.stringify(state)).not.toContain(ID);
      expect(JSON.stringify(controlSlip(await engine.history(dossierId)))).not.toContain(ID);
      expect(await verifyHistory(inner, { requireHashes: true })).toMatchObject({ ok: true, events: 4 });
      expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: 4 });
    };
    await check();
    await inner.close();
    expect(rawBytes(filename).includes(Buffer.from(ID))).toBe(false);

    ({ inner, store, engine } = await open(filename)); // a fresh process: nothing cached
    await check();
    await inner.close();
    expect(rawBytes(filename).includes(Buffer.from(ID))).toBe(false);
  });

  it('the same for an instant procedure (HandleInstantly: the code is built from the command’s applicant)', async () => {
    const filename = tempFile();
    let { inner, store, engine } = await open(filename);
    const dossierId = uuidv7();
    await engine.execute({
      type: 'HandleInstantly',
      procedureCode: '2.000815',
      unit,
      applicant,
      channel: 'direct',
      electronicResult: true,
      actor: receiving,
      commandId: uuidv7(),
      dossierId,
      at: '2025-07-01T09:00:00+07:00',
    } as CommandInput);
    const streamId = dossierStreamId(dossierId);
    expect((await engine.get(dossierId)).resolution?.resultDocumentCode).toBe(`${ID}-BS.CT`);
    expect(rawBytes(filename).includes(Buffer.from(ID))).toBe(false);
    expect(await store.eraseSubject(subjectOfStream(streamId), { reason: 'request', engines: [engine] })).toBe(true);
    await inner.close();
    ({ inner, store, engine } = await open(filename));
    const events = (await store.readStream(streamId)).events;
    expect(events.find((e) => e.type === 'DossierResolved')!.data).toMatchObject({ resultDocumentCode: REDACTED });
    expect(JSON.stringify(events)).not.toContain(ID);
    expect(JSON.stringify(await engine.get(dossierId))).not.toContain(ID);
    expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: 3 });
    await inner.close();
    expect(rawBytes(filename).includes(Buffer.from(ID))).toBe(false);
  });
});
