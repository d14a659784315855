/**
 * Tamper tests (issue #14 item 3) on a real PostgreSQL server: someone with
 * database access drops the append-only trigger and edits, deletes, inserts
 * and reorders rows of the events table with raw SQL; `verifyHistory` names
 * the first broken event. Positions are `GENERATED ALWAYS`, so reordering
 * means exchanging two rows' contents. Expected events come from where the
 * tamper was made.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCheckpoint, generateCheckpointKeys, signCheckpoint, verifyHistory } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { onTestFinished } from 'vitest';
import { ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer();
type Row = { position: number; stream_id: string; version: number };
const at = (r: Row) => ({ streamId: r.stream_id, version: r.version, position: r.position });
const orderArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 16 });

/** A schema with events appended to streams in `order`; its rows in log order and a raw SQL runner (trigger dropped). */
async function schemaWith(order: readonly number[]) {
  const schema = uniqueSchema('tamper');
  const store = await own.open(schema);
  onTestFinished(() => store.close()); // a property opens one per run: do not hold the pool's clients
  for (const [i, s] of order.entries()) await store.append(`dossier-${s}`, [makeTestEvent('Step', { i, note: `bước ${i}` }, { actor: { id: 'cb-01', role: 'receivingOfficer' } })]);
  const q = `"${schema}".events`;
  await own.pool.query(`DROP TRIGGER events_append_only ON ${q}`);
  const rows = (await own.pool.query<Row>(`SELECT position::int AS position, stream_id, version FROM ${q} ORDER BY position`)).rows;
  return { store, q, rows, sql: (text: string, values: unknown[] = []) => own.pool.query(text, values) };
}

/** Exchange the contents of two rows (positions stay: they are GENERATED ALWAYS). */
async function exchange(sql: (text: string, values?: unknown[]) => Promise<unknown>, q: string, p1: number, p2: number): Promise<void> {
  await sql(`UPDATE ${q} SET stream_id = '~' || stream_id, event_id = '~' || event_id WHERE position IN ($1, $2)`, [p1, p2]);
  await sql(
    `UPDATE ${q} AS t SET stream_id = substr(o.stream_id, 2), version = o.version, type = o.type, event_id = substr(o.event_id, 2), data = o.data, metadata = o.metadata
     FROM ${q} AS o WHERE (t.position, o.position) IN (($1, $2), ($2, $1))`,
    [p1, p2],
  );
}

describe('tamper detection on PostgreSQL (raw SQL on the events table)', () => {
  it('an untouched log verifies', async () => {
    const { store } = await schemaWith([0, 1, 0, 2]);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 4, unchained: 0 });
  });

  it('editing data, type, metadata or stream id of a row is named at that row (property)', async () => {
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), fc.constantFrom('data', 'type', 'metadata', 'stream'), async (order, pick, what) => {
        const { store, q, rows, sql } = await schemaWith(order);
        const r = rows[pick % rows.length]!;
        const set = {
          data: `data = jsonb_set(data, '{note}', '"đã sửa"')`,
          type: `type = 'DossierResolved'`,
          metadata: `metadata = jsonb_set(metadata, '{actor,id}', '"someone"')`,
          stream: `stream_id = 'dossier-x'`,
        }[what];
        await sql(`UPDATE ${q} SET ${set} WHERE position = $1`, [r.position]);
        const want = what === 'stream' ? { streamId: 'dossier-x', version: r.version, position: r.position } : at(r);
        const result = await verifyHistory(store);
        expect(result.ok).toBe(false);
        expect(result.firstBroken).toEqual(want);
      }),
      { numRuns: 12 },
    );
  });

  it('deleting a row is named at the next event of its stream; the last of a stream by the signed checkpoint (property)', async () => {
    const keys = generateCheckpointKeys();
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), async (order, pick) => {
        const { store, q, rows, sql } = await schemaWith(order);
        const signed = signCheckpoint(await createCheckpoint(store, { issuer: 'H21' }), keys.privateKey);
        const gone = rows[pick % rows.length]!;
        await sql(`DELETE FROM ${q} WHERE position = $1`, [gone.position]);
        const next = rows.find((r) => r.stream_id === gone.stream_id && r.version === gone.version + 1);
        const plain = await verifyHistory(store);
        if (next) expect(plain).toMatchObject({ ok: false, reason: 'version', firstBroken: at(next) });
        else expect(plain.ok).toBe(true);
        const held = await verifyHistory(store, { checkpoints: [JSON.parse(JSON.stringify(signed))], publicKey: keys.publicKey });
        expect(held.ok).toBe(false);
        expect(held.firstBroken).toEqual(next ? at(next) : at(rows.find((r) => r !== gone)!));
      }),
      { numRuns: 10 },
    );
  });

  it('inserting a row (with a forged hash) into a stream is named at it', async () => {
    const { store, q, sql } = await schemaWith([0, 1, 0, 1]);
    const { rows } = (await sql(
      `INSERT INTO ${q} (stream_id, version, type, event_id, data, metadata)
       SELECT 'dossier-0', 3, 'DossierResolved', 'forged', data, metadata || jsonb_build_object('eventId', 'forged', 'hash', repeat('ab', 32))
       FROM ${q} WHERE stream_id = 'dossier-0' AND version = 2 RETURNING position::int AS position`,
    )) as { rows: { position: number }[] };
    expect(await verifyHistory(store)).toMatchObject({ ok: false, reason: 'hash', firstBroken: { streamId: 'dossier-0', version: 3, position: rows[0]!.position } });
  });

  it('exchanging two events of one stream is named at the earlier position (property)', async () => {
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), async (order, pick) => {
        const { store, q, rows, sql } = await schemaWith(order);
        const stream = rows[pick % rows.length]!.stream_id;
        const mine = rows.filter((r) => r.stream_id === stream);
        fc.pre(mine.length >= 2);
        const [a, b] = [mine[0]!, mine[mine.length - 1]!];
        await exchange(sql, q, a.position, b.position);
        expect(await verifyHistory(store)).toMatchObject({ ok: false, reason: 'version', firstBroken: { streamId: stream, version: b.version, position: a.position } });
      }),
      { numRuns: 10 },
    );
  });

  it('reordering events of different streams with every hash intact is caught by the signed checkpoint', async () => {
    const keys = generateCheckpointKeys();
    const { store, q, rows, sql } = await schemaWith([0, 1, 2, 3]);
    const signed = signCheckpoint(await createCheckpoint(store), keys.privateKey);
    await exchange(sql, q, rows[0]!.position, rows[1]!.position);
    expect((await verifyHistory(store)).ok).toBe(true);
    expect(await verifyHistory(store, { checkpoints: [signed], publicKey: keys.publicKey })).toMatchObject({
      ok: false,
      reason: 'checkpoint',
      firstBroken: { streamId: rows[1]!.stream_id, version: 1, position: rows[0]!.position },
    });
  });
});
