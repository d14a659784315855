/**
 * Tamper tests (issue #14 item 3): someone with the database file edits,
 * deletes, inserts and reorders rows of motcua_events with raw SQL (after
 * dropping the append-only triggers, as he could), and `verifyHistory` names
 * the first broken event. The expected event comes from where the tamper
 * was made, not from running verify.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCheckpoint, generateCheckpointKeys, signCheckpoint, verifyHistory } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { tempFile } from './helpers';

type Row = { position: number; stream_id: string; version: number };

/** A file with events appended to streams in `order`, closed; its rows in log order. */
async function fileWith(order: readonly number[]): Promise<{ filename: string; rows: Row[] }> {
  const filename = tempFile();
  const store = await createSqliteEventStore({ filename });
  for (const [i, s] of order.entries()) await store.append(`dossier-${s}`, [makeTestEvent('Step', { i, note: `bước ${i}` }, { actor: { id: 'cb-01', role: 'receivingOfficer' } })]);
  await store.close();
  return {
    filename,
    rows: rawDb(
      filename,
      (db) => db.prepare(`SELECT e.position, s.name AS stream_id, e.version FROM motcua_events e JOIN motcua_streams s ON s.id = e.stream_id ORDER BY e.position`).all() as Row[],
    ),
  };
}

/** Run raw SQL on the file as an attacker: triggers dropped first. */
function rawDb<T>(filename: string, fn: (db: Database.Database) => T): T {
  const db = new Database(filename);
  try {
    for (const table of ['motcua_events', 'motcua_streams', 'motcua_types', 'motcua_dictionary'])
      db.exec(`DROP TRIGGER IF EXISTS ${table}_no_update; DROP TRIGGER IF EXISTS ${table}_no_delete;`);
    return fn(db);
  } finally {
    db.close();
  }
}

/** Every event of the file, read through the store. */
async function readEvents(filename: string) {
  const store = await createSqliteEventStore({ filename });
  try {
    const out = [];
    for await (const e of store.readAll()) out.push(e);
    return out;
  } finally {
    await store.close();
  }
}

async function verifyFile(filename: string, options: Parameters<typeof verifyHistory>[1] = {}) {
  const store = await createSqliteEventStore({ filename });
  try {
    return await verifyHistory(store, options);
  } finally {
    await store.close();
  }
}
const at = (r: Row) => ({ streamId: r.stream_id, version: r.version, position: r.position });
const orderArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 25 });

describe('tamper detection on SQLite (raw SQL on the file)', () => {
  it('an untouched file verifies', async () => {
    const { filename } = await fileWith([0, 1, 0, 2]);
    expect(await verifyFile(filename)).toMatchObject({ ok: true, events: 4, unchained: 0 });
  });

  it('editing data, type, metadata or stream id of a row is named at that row (property)', async () => {
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), fc.constantFrom('data', 'type', 'metadata', 'stream'), async (order, pick, what) => {
        const { filename, rows } = await fileWith(order);
        const r = rows[pick % rows.length]!;
        // The compact layout (schema-v4.ts): names live in dictionary tables; metadata is rewritten as a plain JSON object, which the reader accepts.
        const metadata = (await readEvents(filename)).find((e) => e.position === r.position)!.metadata as { actor: { id: string } };
        const sql = {
          data: `UPDATE motcua_events SET data = json_set(data, '$.note', 'đã sửa') WHERE position = ?`,
          type: `INSERT OR IGNORE INTO motcua_types (name) VALUES ('DossierResolved'); UPDATE motcua_events SET type = (SELECT id FROM motcua_types WHERE name = 'DossierResolved') WHERE position = ?`,
          metadata: `UPDATE motcua_events SET meta = ? WHERE position = ?`,
          stream: `INSERT OR IGNORE INTO motcua_streams (name) VALUES ('dossier-x'); UPDATE motcua_events SET stream_id = (SELECT id FROM motcua_streams WHERE name = 'dossier-x') WHERE position = ?`,
        }[what];
        rawDb(filename, (db) => {
          const [setup, update] = sql.includes(';') ? sql.split('; ') : [undefined, sql];
          if (setup) db.exec(setup);
          if (what === 'metadata') db.prepare(update!).run(JSON.stringify({ ...metadata, actor: { ...metadata.actor, id: 'someone' } }), r.position);
          else db.prepare(update!).run(r.position);
        });
        const want = what === 'stream' ? { streamId: 'dossier-x', version: r.version, position: r.position } : at(r);
        // a moved row is first seen as a version out of place in its new stream (unless it is version 1 there)
        const result = await verifyFile(filename);
        expect(result.ok).toBe(false);
        expect(result.firstBroken).toEqual(want);
      }),
      { numRuns: 25 },
    );
  });

  it('deleting a row is named at the next event of its stream; the last of a stream by the signed checkpoint (property)', async () => {
    const keys = generateCheckpointKeys();
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), async (order, pick) => {
        const { filename, rows } = await fileWith(order);
        const store = await createSqliteEventStore({ filename });
        const signed = signCheckpoint(await createCheckpoint(store, { issuer: 'H21' }), keys.privateKey);
        await store.close();
        const gone = rows[pick % rows.length]!;
        rawDb(filename, (db) => db.prepare('DELETE FROM motcua_events WHERE position = ?').run(gone.position));
        const next = rows.find((r) => r.stream_id === gone.stream_id && r.version === gone.version + 1);
        const plain = await verifyFile(filename);
        if (next) expect(plain).toMatchObject({ ok: false, reason: 'version', firstBroken: at(next) });
        else expect(plain.ok).toBe(true);
        const held = await verifyFile(filename, { checkpoints: [JSON.parse(JSON.stringify(signed))], publicKey: keys.publicKey });
        expect(held.ok).toBe(false);
        expect(held.firstBroken).toEqual(next ? at(next) : at(rows.find((r) => r !== gone)!));
      }),
      { numRuns: 20 },
    );
  });

  it('inserting a row (with a forged hash) into a stream is named at it', async () => {
    const { filename, rows } = await fileWith([0, 1, 0, 1]);
    rawDb(filename, (db) => {
      // a copy of the stream's last row as version 3 with another event id and a forged hash (compact layout: the event id and hash are columns)
      db.prepare(
        "INSERT INTO motcua_events (stream_id, version, type, event_id, data, meta, hash) SELECT stream_id, 3, type, 'forged', data, meta, ? FROM motcua_events WHERE stream_id = (SELECT id FROM motcua_streams WHERE name = 'dossier-0') ORDER BY version DESC LIMIT 1",
      ).run(Buffer.from('ab'.repeat(32), 'hex'));
    });
    expect(await verifyFile(filename)).toMatchObject({ ok: false, reason: 'hash', firstBroken: { streamId: 'dossier-0', version: 3, position: rows.length + 1 } });
  });

  it('swapping the positions of two events of one stream is named at the earlier position (property)', async () => {
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), async (order, pick) => {
        const { filename, rows } = await fileWith(order);
        const stream = rows[pick % rows.length]!.stream_id;
        const mine = rows.filter((r) => r.stream_id === stream);
        fc.pre(mine.length >= 2);
        const [a, b] = [mine[0]!, mine[mine.length - 1]!];
        rawDb(filename, (db) => {
          const swap = db.prepare('UPDATE motcua_events SET position = ? WHERE position = ?');
          swap.run(-1, a.position);
          swap.run(a.position, b.position);
          swap.run(b.position, -1);
        });
        expect(await verifyFile(filename)).toMatchObject({ ok: false, reason: 'version', firstBroken: { streamId: stream, version: b.version, position: a.position } });
      }),
      { numRuns: 20 },
    );
  });

  it('reordering events of different streams with every hash intact is caught by the signed checkpoint', async () => {
    const keys = generateCheckpointKeys();
    const { filename, rows } = await fileWith([0, 1, 2, 3]);
    const store = await createSqliteEventStore({ filename });
    const signed = signCheckpoint(await createCheckpoint(store), keys.privateKey);
    await store.close();
    rawDb(filename, (db) => {
      const swap = db.prepare('UPDATE motcua_events SET position = ? WHERE position = ?');
      swap.run(-1, 1);
      swap.run(1, 2);
      swap.run(2, -1);
    });
    expect((await verifyFile(filename)).ok).toBe(true);
    expect(await verifyFile(filename, { checkpoints: [signed], publicKey: keys.publicKey })).toMatchObject({
      ok: false,
      reason: 'checkpoint',
      firstBroken: { streamId: rows[1]!.stream_id, version: 1, position: 1 },
    });
  });

  it('an edit with every later hash of the stream recomputed is caught by the signed checkpoint', async () => {
    const keys = generateCheckpointKeys();
    const { filename } = await fileWith([0, 1, 0]);
    let store = await createSqliteEventStore({ filename });
    const signed = signCheckpoint(await createCheckpoint(store), keys.privateKey);
    await store.close();
    // the attacker rewrites dossier-0 entirely through a second store (new hashes), then moves it over the original rows
    const forgedFile = tempFile('forged.db');
    store = await createSqliteEventStore({ filename: forgedFile });
    const forged = await store.append('dossier-0', [makeTestEvent('Step', { i: 0, note: 'giả' }), makeTestEvent('Step', { i: 2, note: 'bước 2' })]);
    await store.close();
    rawDb(filename, (db) => {
      const put = db.prepare("UPDATE motcua_events SET data = ?, meta = ?, hash = ? WHERE stream_id = (SELECT id FROM motcua_streams WHERE name = 'dossier-0') AND version = ?");
      for (const e of forged.events) put.run(JSON.stringify(e.data), JSON.stringify(e.metadata), Buffer.from((e.metadata as { hash: string }).hash, 'hex'), e.version);
    });
    expect((await verifyFile(filename)).ok).toBe(true);
    expect(await verifyFile(filename, { checkpoints: [signed], publicKey: keys.publicKey })).toMatchObject({ ok: false, reason: 'checkpoint', firstBroken: { position: 1 } });
  });
});
