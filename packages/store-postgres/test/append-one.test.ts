/**
 * Migration 8 (`append-one.ts`): `append_one` does for a request of one event
 * exactly what `append_batch` (migrations 6–7, the reference) does for it.
 * Two schemas of one server get the same random calls — streams and event ids
 * from small pools, so retries of stored ids (in the same stream or another),
 * version conflicts, `any`/`no_stream`/`stream_exists`/exact expectations and
 * new streams all occur — one schema through `append_one`, the other through
 * `append_batch` with one-element arrays. Every returned row (status,
 * position, version, hash, stored-id info, readable flag), every stored row
 * and every NOTIFY payload must be the same.
 */
import fc from 'fast-check';
import { createPostgresEventStore } from '@motcua/store-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer(6);

const call = fc.record({
  stream: fc.constantFrom('a', 'b', 'c', 'dossier-ü'),
  expected: fc.oneof(fc.constantFrom(-1, -2, -3), fc.integer({ min: 0, max: 4 })),
  id: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'),
  type: fc.constantFrom('DossierReceived', 'Noted'),
  data: fc.dictionary(fc.constantFrom('k', 'n', 'tên'), fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant(null)), { maxKeys: 3 }),
  metadata: fc.constantFrom({}, { schemaVersion: 1 }, { actor: { id: 'cb-01' }, occurredAt: '2026-12-01T08:00:00+07:00' }),
  digest: fc.stringMatching(/^[0-9a-f]{64}$/),
});

type Call = typeof call extends fc.Arbitrary<infer T> ? T : never;
type Row = [stream: string, status: string, position: string | null, version: number, hash: string | null, info: string | null, readable: boolean];

async function run(client: pg.PoolClient, schema: string, fn: 'one' | 'batch', c: Call): Promise<Row[]> {
  const metadata = JSON.stringify({ eventId: c.id, ...c.metadata });
  const data = JSON.stringify(c.data);
  const channel = `chan_${schema}`;
  const text =
    fn === 'one'
      ? `SELECT * FROM "${schema}".append_one($1, $2, $3, $4, $5, $6, $7, 11, 12, $8, 'inst')`
      : `SELECT * FROM "${schema}".append_batch(ARRAY[$1]::text[], ARRAY[$2]::bigint[], ARRAY[1], ARRAY[$3]::text[], ARRAY[$4]::text[], ARRAY[$5]::text[], ARRAY[$6]::text[], ARRAY[$7]::text[], ARRAY[1], 11, 12, $8, 'inst')`;
  const { rows } = await client.query<Row>({ text, values: [c.stream, c.expected, c.type, c.id, data, metadata, c.digest, channel], rowMode: 'array' } as pg.QueryConfig);
  return rows;
}

describe('append_one (migration 8)', () => {
  it('returns, stores and announces for one event what append_batch does', { timeout: 120_000 }, async () => {
    const listener = await own.pool.connect();
    const heard = new Map<string, string[]>();
    listener.on('notification', (m) => heard.get(m.channel)?.push(m.payload ?? ''));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 25 }), async (calls) => {
          const schemas = { one: uniqueSchema('one'), batch: uniqueSchema('batch') };
          for (const schema of Object.values(schemas)) {
            const store = await createPostgresEventStore({ pool: own.pool, schema, listen: false, pollIntervalMs: 0 });
            await store.close();
            heard.set(`chan_${schema}`, []);
            await listener.query(`LISTEN "chan_${schema}"`);
          }
          const client = await own.pool.connect();
          try {
            for (const c of calls) {
              const one = await run(client, schemas.one, 'one', c);
              const batch = await run(client, schemas.batch, 'batch', c);
              expect(one).toEqual(batch);
              expect(one).toHaveLength(1);
            }
            const table = async (schema: string) =>
              (await client.query(`SELECT position, stream_id, version, type, event_id, data, metadata FROM "${schema}".events ORDER BY position`)).rows;
            const stored = await table(schemas.one);
            expect(stored).toEqual(await table(schemas.batch));
            // Notices: one per appended event, the same text on both channels.
            await listener.query('SELECT 1'); // notifications are delivered before the reply to a later statement
            expect(heard.get(`chan_${schemas.one}`)).toHaveLength(stored.length);
            expect(heard.get(`chan_${schemas.one}`)).toEqual(heard.get(`chan_${schemas.batch}`));
          } finally {
            client.release();
            for (const schema of Object.values(schemas)) await listener.query(`UNLISTEN "chan_${schema}"`);
          }
        }),
        { numRuns: 25, seed: 20261201 },
      );
    } finally {
      listener.release();
    }
  });
});
