/**
 * Crypto-shredding on SQLite (issue #14 item 4): the keys in a table of the
 * event store's own file. Checked on the raw bytes of the database file and
 * its write-ahead log: the applicant's name is never in them, and after the
 * erasure neither is his key; the erased dossier reads redacted after the
 * file is reopened, the other does not change, and the history verifies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID as uuidv7 } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CommandInput, type EventStore, type StoredEvent, REDACTED, createEngine, dossierStreamId, protectPersonalData, verifyHistory } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createSqliteEventStore, createSqliteKeyStore } from '@motcua/store-sqlite';
import { tempFile } from './helpers';

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const person = (n: number) => ({ name: `Trịnh Thị Thu Hương ${n}`, idNumber: `00119901234${n}`, phone: `098765432${n}`, address: `Số ${n} ngõ Văn Chương, Đống Đa` });
const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };

async function all(s: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of s.readAll()) out.push(e);
  return out;
}
/** The database file and its write-ahead log, as bytes. */
const rawBytes = (filename: string): Buffer => Buffer.concat([readFileSync(filename), ...(existsSync(`${filename}-wal`) ? [readFileSync(`${filename}-wal`)] : [])]);
const contains = (bytes: Buffer, text: string | Uint8Array) => bytes.includes(typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text));

async function open(filename: string) {
  const inner = await createSqliteEventStore({ filename });
  const keys = createSqliteKeyStore(inner.db);
  const store = protectPersonalData(inner, { keys });
  return { inner, keys, store, engine: createEngine({ store, catalog: sampleCatalog() }) };
}

describe('SQLite key store', () => {
  it('the name is never in the file; after erasure the key is not either, and the subject reads redacted after a reopen', async () => {
    const filename = tempFile();
    let { inner, keys, store, engine } = await open(filename);
    const ids = [uuidv7(), uuidv7()];
    for (const [n, dossierId] of ids.entries()) {
      await engine.execute({
        type: 'ReceiveDossier',
        procedureCode: '2.002030',
        unit,
        applicant: person(n),
        channel: 'direct',
        actor: officer,
        commandId: uuidv7(),
        dossierId,
      } as CommandInput);
      await engine.execute({
        type: 'RequestWithdrawal',
        reason: `Bà Hương ${n} chuyển nơi ở`,
        actor: { id: person(n).idNumber, role: 'applicant' },
        commandId: uuidv7(),
        dossierId,
      } as CommandInput);
    }
    const before = await all(store);
    expect((before[0]!.data as { applicant: unknown }).applicant).toMatchObject(person(0));
    const bytes = rawBytes(filename);
    for (const n of [0, 1]) for (const v of [...Object.values(person(n)), `Bà Hương ${n} chuyển nơi ở`]) expect(contains(bytes, v), v).toBe(false);

    const key = await keys.keyFor(dossierStreamId(ids[0]!));
    if ('destroyed' in key) throw new Error('expected a key');
    expect(contains(rawBytes(filename), key.key)).toBe(true); // the key is in the file before the erasure (so the check below can fail)
    expect(await store.eraseSubject(dossierStreamId(ids[0]!), { reason: 'request', by: 'qt-01', at: new Date('2026-11-30T03:00:00Z'), engines: [engine] })).toBe(true);
    expect(contains(rawBytes(filename), key.key)).toBe(false);
    expect((await engine.get(ids[0]!)).applicant).toEqual({ name: REDACTED, phone: REDACTED, address: REDACTED, kind: 'citizen' });
    await inner.close();

    ({ inner, keys, store, engine } = await open(filename));
    const after = await all(store);
    expect(after.length).toBe(before.length);
    expect(after.filter((e) => e.streamId === dossierStreamId(ids[1]!))).toEqual(before.filter((e) => e.streamId === dossierStreamId(ids[1]!)));
    expect((after[0]!.data as { applicant: unknown }).applicant).toEqual({ name: REDACTED, phone: REDACTED, address: REDACTED, kind: 'citizen' });
    expect((await engine.get(ids[0]!)).withdrawal?.reason).toBe(REDACTED);
    expect((await engine.get(ids[1]!)).applicant?.name).toBe(person(1).name);
    expect(await keys.erasures()).toEqual([{ subject: dossierStreamId(ids[0]!), erasedAt: '2026-11-30T03:00:00.000Z', reason: 'request', by: 'qt-01' }]);
    expect(await verifyHistory(inner, { requireHashes: true })).toMatchObject({ ok: true, events: 4 });
    expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: 4 });
    await inner.close();
  });

  it('two connections to one file get the same key for a subject, and an erasure on one is seen by the other', async () => {
    const filename = tempFile();
    const a = await createSqliteEventStore({ filename });
    const b = await createSqliteEventStore({ filename });
    const ka = createSqliteKeyStore(a.db);
    const kb = createSqliteKeyStore(b.db);
    const [x, y] = [await ka.keyFor('dossier-1'), await kb.keyFor('dossier-1')];
    expect(x).toEqual(y);
    expect(await kb.destroyKey({ subject: 'dossier-1', erasedAt: '2026-11-30T03:00:00.000Z', reason: 'retention' })).toBe(true);
    expect(await kb.destroyKey({ subject: 'dossier-1', erasedAt: '2026-11-30T04:00:00.000Z', reason: 'retention' })).toBe(false);
    expect((await ka.getKeys(['dossier-1', 'dossier-2'])).get('dossier-1')).toEqual({
      subject: 'dossier-1',
      destroyed: true,
      erasedAt: '2026-11-30T03:00:00.000Z',
      reason: 'retention',
    });
    expect(await ka.keyFor('dossier-1')).toMatchObject({ destroyed: true }); // never re-created
    // a subject erased before it had a key: a tombstone, so no key is made for it later
    expect(await ka.destroyKey({ subject: 'dossier-2', erasedAt: '2026-11-30T03:00:00.000Z', reason: 'request' })).toBe(true);
    expect(await kb.keyFor('dossier-2')).toMatchObject({ destroyed: true });
    await a.close();
    await b.close();
  });
});
