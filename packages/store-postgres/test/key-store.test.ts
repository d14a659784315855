/**
 * Crypto-shredding on PostgreSQL (issue #14 item 4): the keys in a table of
 * the event store's schema, on a real server. The stored rows never hold a
 * personal value; after the erasure the key column is NULL, the key's bytes
 * are gone from the table's file after VACUUM and a checkpoint, the erased
 * dossier reads redacted through a fresh store, the other does not change,
 * and the history verifies.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CommandInput, type EventStore, type StoredEvent, REDACTED, createEngine, dossierStreamId, protectPersonalData, verifyHistory } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createPostgresKeyStore } from '@motcua/store-postgres';
import { ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer(8);
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const person = (n: number) => ({ name: `Lò Thị Mai Phương ${n}`, idNumber: `04019901234${n}`, email: `phuong${n}@example.vn`, address: `Bản Mường Thanh ${n}, Điện Biên` });
const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };

async function all(s: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of s.readAll()) out.push(e);
  return out;
}

describe('PostgreSQL key store', () => {
  it('no personal value in the rows; after erasure the key is NULL and gone from the table file, the subject reads redacted', async () => {
    const schema = uniqueSchema('pd');
    const inner = await own.open(schema);
    const keys = await createPostgresKeyStore({ pool: own.pool, schema });
    const store = protectPersonalData(inner, { keys });
    const engine = createEngine({ store, catalog: sampleCatalog() });
    const ids = [randomUUID(), randomUUID()];
    for (const [n, dossierId] of ids.entries()) {
      await engine.execute({
        type: 'ReceiveDossier',
        procedureCode: '2.002030',
        unit,
        applicant: person(n),
        channel: 'direct',
        actor: officer,
        commandId: randomUUID(),
        dossierId,
      } as CommandInput);
      await engine.execute({
        type: 'RequestWithdrawal',
        reason: `Chị Phương ${n} đi làm xa`,
        actor: { id: person(n).idNumber, role: 'applicant' },
        commandId: randomUUID(),
        dossierId,
      } as CommandInput);
    }
    await store.waitUntilReadable();
    const before = await all(store);
    expect((before[0]!.data as { applicant: unknown }).applicant).toMatchObject(person(0));
    const raw = JSON.stringify((await own.pool.query(`SELECT data::text, metadata::text FROM "${schema}".events`)).rows);
    for (const n of [0, 1]) for (const v of [...Object.values(person(n)), `Chị Phương ${n} đi làm xa`]) expect(raw.includes(v), v).toBe(false);

    const key = await keys.keyFor(dossierStreamId(ids[0]!));
    if ('destroyed' in key) throw new Error('expected a key');
    const { rows: rel } = await own.pool.query<{ path: string }>(`SELECT pg_relation_filepath('"${schema}".personal_keys') AS path`);
    const file = join(own.server.directory, 'data', rel[0]!.path);
    const fileHolds = async (bytes: Uint8Array) => {
      await own.pool.query('CHECKPOINT');
      return existsSync(file) && readFileSync(file).includes(Buffer.from(bytes));
    };
    expect(await fileHolds(key.key)).toBe(true); // the check below can fail

    expect(await store.eraseSubject(dossierStreamId(ids[0]!), { reason: 'request', by: 'qt-01', at: new Date('2026-11-30T03:00:00Z'), engines: [engine] })).toBe(true);
    const { rows: left } = await own.pool.query(`SELECT subject, key FROM "${schema}".personal_keys ORDER BY subject`);
    expect(left.find((r) => r.subject === dossierStreamId(ids[0]!))?.key).toBeNull();
    expect(await fileHolds(key.key)).toBe(false);

    const fresh = protectPersonalData(inner, { keys: await createPostgresKeyStore({ pool: own.pool, schema }) });
    const after = await all(fresh);
    expect(after.length).toBe(4);
    expect(after.filter((e) => e.streamId === dossierStreamId(ids[1]!))).toEqual(before.filter((e) => e.streamId === dossierStreamId(ids[1]!)));
    expect((after[0]!.data as { applicant: unknown }).applicant).toEqual({ name: REDACTED, email: REDACTED, address: REDACTED, kind: 'citizen' });
    expect((after[1]!.data as { reason: string }).reason).toBe(REDACTED);
    expect(after[1]!.metadata.actor).toEqual({ id: REDACTED, role: 'applicant' });
    expect((await engine.get(ids[0]!)).applicant?.name).toBe(REDACTED);
    expect((await createEngine({ store: fresh, catalog: sampleCatalog() }).get(ids[1]!)).applicant?.name).toBe(person(1).name);
    expect(await keys.erasures()).toEqual([{ subject: dossierStreamId(ids[0]!), erasedAt: '2026-11-30T03:00:00.000Z', reason: 'request', by: 'qt-01' }]);
    for (const s of [inner, fresh]) expect(await verifyHistory(s, { requireHashes: true })).toMatchObject({ ok: true, events: 4 });
  });

  it('racing writers get one key per subject; a destroyed key is never re-created', async () => {
    const schema = uniqueSchema('pdr');
    await own.open(schema);
    const stores = await Promise.all([1, 2, 3].map(() => createPostgresKeyStore({ pool: own.pool, schema })));
    const got = await Promise.all(stores.flatMap((k) => ['dossier-1', 'dossier-2'].map((s) => k.keyFor(s))));
    const bySubject = (s: string) => got.filter((k) => k.subject === s).map((k) => Buffer.from((k as { key: Uint8Array }).key).toString('hex'));
    for (const s of ['dossier-1', 'dossier-2']) expect(new Set(bySubject(s)).size).toBe(1);
    expect(await stores[0]!.destroyKey({ subject: 'dossier-1', erasedAt: '2026-11-30T03:00:00.000Z', reason: 'retention' })).toBe(true);
    expect(await stores[1]!.destroyKey({ subject: 'dossier-1', erasedAt: '2026-11-30T04:00:00.000Z', reason: 'retention' })).toBe(false);
    expect(await stores[2]!.keyFor('dossier-1')).toEqual({ subject: 'dossier-1', destroyed: true, erasedAt: '2026-11-30T03:00:00.000Z', reason: 'retention' });
    expect(await stores[2]!.destroyKey({ subject: 'dossier-9', erasedAt: '2026-11-30T03:00:00.000Z', reason: 'request' })).toBe(true);
    expect(await stores[0]!.keyFor('dossier-9')).toMatchObject({ destroyed: true });
  });
});
