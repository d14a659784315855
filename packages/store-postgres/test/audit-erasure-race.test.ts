/**
 * Audit (session 19): erasing a subject (xoá dữ liệu cá nhân, crypto-shredding) while another engine — another
 * process, another pool — creates the subject's key to write its first personal data. The rule
 * (`PersonalDataKeyStore.destroyKey`): the subject's key is destroyed and `true` is returned unless it was already
 * destroyed; `false` means "already erased". An erasure that answers `false` while the key lives on would leave the
 * personal data readable with nobody told.
 *
 * The interleaving is forced, not hoped for: a second connection holds the key row `keyFor` inserts uncommitted
 * (exactly `keyFor`'s INSERT), `destroyKey` runs meanwhile (its wait on that row is seen in `pg_locks`, no timer), then
 * the second connection commits.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CommandInput, REDACTED, createEngine, dossierStreamId, newKeyBytes, protectPersonalData } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createPostgresKeyStore } from '@motcua/store-postgres';
import { ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer(12);
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };

/** Resolve once some backend waits on a lock (`pg_locks.granted = false`) — polled, no timing assumption. */
async function someoneWaitsOnALock(): Promise<void> {
  for (;;) {
    const { rows } = await own.pool.query<{ n: string }>('SELECT count(*) AS n FROM pg_locks WHERE NOT granted');
    if (Number(rows[0]!.n) > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('PostgreSQL key store: an erasure racing the creation of the key', () => {
  it('destroyKey while keyFor’s insert is uncommitted: the key ends destroyed and the erasure answers true', async () => {
    const schema = uniqueSchema('erase_race');
    await own.open(schema);
    const keys = await createPostgresKeyStore({ pool: own.pool, schema, vacuum: false });
    const subject = dossierStreamId(randomUUID());
    const other = await own.pool.connect();
    try {
      await other.query('BEGIN');
      // keyFor's first statement, from another process, not yet committed
      await other.query(`INSERT INTO "${schema}".personal_keys (subject, version, key) VALUES ($1, 1, $2) ON CONFLICT (subject) DO NOTHING`, [subject, Buffer.from(newKeyBytes())]);
      const erasing = keys.destroyKey({ subject, erasedAt: '2024-03-04T02:00:00.000Z', reason: 'request', by: 'qt-01' });
      await someoneWaitsOnALock();
      await other.query('COMMIT');
      expect(await erasing).toBe(true); // nobody had erased this subject before
    } finally {
      other.release();
    }
    const key = (await keys.getKeys([subject])).get(subject);
    expect(key && 'destroyed' in key ? key.destroyed : false).toBe(true);
    expect((await keys.erasures()).map((e) => e.subject)).toEqual([subject]);
  });

  it('erasure racing a first personal-data append from a second engine (property, seeded): once erased, the subject reads redacted everywhere', async () => {
    const schema = uniqueSchema('erase_prop');
    const storeA = await own.open(schema);
    const storeB = await own.open(schema); // the second engine's own store object (another process in production)
    const keysA = await createPostgresKeyStore({ pool: own.pool, schema, vacuum: false });
    const keysB = await createPostgresKeyStore({ pool: own.pool, schema, vacuum: false });
    const protectedA = protectPersonalData(storeA, { keys: keysA, keyCacheMs: 0 });
    const protectedB = protectPersonalData(storeB, { keys: keysB, keyCacheMs: 0 });
    const engineB = createEngine({ store: protectedB, catalog: sampleCatalog() });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), async (eraseFirst) => {
        const dossierId = randomUUID();
        const subject = dossierStreamId(dossierId);
        const receive = () =>
          engineB.execute({
            type: 'ReceiveDossier',
            procedureCode: '2.002030',
            unit,
            applicant: { name: 'Lò Thị Mai Phương', idNumber: '040199012345' },
            channel: 'direct',
            actor: officer,
            commandId: randomUUID(),
            dossierId,
          } as CommandInput);
        const erase = () => protectedA.eraseSubject(subject, { reason: 'request', by: 'qt-01' });
        // both at once; which one is started first varies
        const erased = eraseFirst ? (await Promise.all([erase(), receive()]))[0] : (await Promise.all([receive(), erase()]))[1];
        expect(erased).toBe(true); // the first erasure of this subject
        const fresh = protectPersonalData(storeA, { keys: await createPostgresKeyStore({ pool: own.pool, schema, vacuum: false }), keyCacheMs: 0 });
        const { events } = await fresh.readStream(subject);
        expect(events).toHaveLength(1);
        expect((events[0]!.data as { applicant: { name: string } }).applicant.name).toBe(REDACTED);
      }),
      { seed: 190_019, numRuns: 30, examples: [[true], [false]] },
    );
  });
});
