/**
 * Where hashing began (schema version 6, `motcua_integrity`, `src/hashed-from.ts`): the store records the position
 * from which every event is hashed, and `verifyHistory` requires a hash from there on, so no edit of how metadata
 * is read (one byte of a shape in `motcua_dictionary`) can make a log pass as written before hashing. Files are
 * edited as an attacker would: a separate better-sqlite3 connection, append-only triggers dropped first.
 */
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore, MotcuaError, StoreError, createCheckpoint, generateCheckpointKeys, protectPersonalData, signCheckpoint, verifyHistory } from '@motcua/core';
import type { NewEvent, StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore, createSqliteKeyStore } from '@motcua/store-sqlite';
import { applyMigrations } from '../src/schema';
import { rejection, tempFile } from './helpers';

const TABLES = ['motcua_events', 'motcua_streams', 'motcua_types', 'motcua_dictionary', 'motcua_integrity'];

/** Run raw SQL on the file as an attacker: every append-only trigger dropped first. */
function rawDb<T>(filename: string, fn: (db: Database.Database) => T): T {
  const db = new Database(filename);
  try {
    for (const table of TABLES) db.exec(`DROP TRIGGER IF EXISTS ${table}_no_update; DROP TRIGGER IF EXISTS ${table}_no_delete;`);
    return fn(db);
  } finally {
    db.close();
  }
}

/** Open the file, run `fn` on the store, close. */
async function withStore<T>(filename: string, fn: (store: Awaited<ReturnType<typeof createSqliteEventStore>>) => Promise<T>): Promise<T> {
  const store = await createSqliteEventStore({ filename });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function readAll(store: { readAll(): AsyncIterable<StoredEvent> }): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

/** The audit's reproduction: rename the key of the shared shape's hash, `["hash","h"]` → `["hasg","h"]`. */
function renameHashKey(db: Database.Database): number {
  const shapes = db.prepare(`SELECT id, value FROM motcua_dictionary WHERE value LIKE '%["hash","h"]%'`).all() as { id: number; value: string }[];
  for (const s of shapes) db.prepare('UPDATE motcua_dictionary SET value = ? WHERE id = ?').run(s.value.replace('["hash","h"]', '["hasg","h"]'), s.id);
  return shapes.length;
}

/** A file written by this version: five events over two streams, as in the audit. */
async function auditFile(): Promise<string> {
  const filename = tempFile();
  await withStore(filename, async (store) => {
    for (let i = 0; i < 5; i++) await store.append(`dossier-${i % 2}`, [makeTestEvent('Step', { amount: 100 + i }, { actor: { id: 'cb-01', role: 'receivingOfficer' } })]);
  });
  return filename;
}

/** A file at schema version 3 (before the compact rows; an unhashed event's metadata has no `hash`), rows in order. */
function versionThreeFile(events: readonly StoredEvent[]): string {
  const filename = tempFile();
  const db = new Database(filename);
  db.exec('BEGIN IMMEDIATE');
  applyMigrations(db, 0, 3);
  const insert = db.prepare('INSERT INTO motcua_events (position, stream_id, version, type, event_id, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const e of events) insert.run(e.position, e.streamId, e.version, e.type, e.metadata.eventId, JSON.stringify(e.data), JSON.stringify(e.metadata));
  db.exec('COMMIT');
  db.close();
  return filename;
}

/** Events as a hashing store writes them (in memory), renumbered from `first`; `bare` strips their hashes (written before hashing). */
async function hashedEvents(streams: readonly string[], first: number, bare = false): Promise<StoredEvent[]> {
  const memory = new InMemoryEventStore();
  for (const [i, s] of streams.entries())
    await memory.append(s, [makeTestEvent('Step', { i, note: `bước ${i}` }, { actor: { id: `cb-0${i % 2}`, role: 'receivingOfficer', unit: 'H21.65' } })]);
  return memory.allEvents().map((e, i) => {
    const { hash: _hash, ...metadata } = e.metadata as Record<string, unknown>;
    return { ...e, position: first + i, metadata: (bare ? metadata : e.metadata) as StoredEvent['metadata'] };
  });
}

/** The record rewritten by an attacker to say hashing began after the log (as a log from before hashing would). */
const HASHED_FROM_LATER = `CREATE TABLE motcua_integrity (id INTEGER PRIMARY KEY, hashed_from INTEGER NOT NULL, recorded_at TEXT NOT NULL) STRICT;
  INSERT INTO motcua_integrity VALUES (1, 1000, '2026-01-01T00:00:00.000Z');`;

describe('hashing begins at a recorded position (motcua_integrity)', () => {
  it('the audit: one byte of the shared shape, then one amount changed — no longer passes as written before hashing', async () => {
    const filename = await auditFile();
    expect(await withStore(filename, (s) => verifyHistory(s))).toMatchObject({ ok: true, events: 5, unchained: 0 });
    rawDb(filename, (db) => {
      expect(renameHashKey(db)).toBeGreaterThan(0);
      const row = db.prepare('SELECT position, data FROM motcua_events ORDER BY position LIMIT 1 OFFSET 2').get() as { position: number; data: string };
      db.prepare('UPDATE motcua_events SET data = ? WHERE position = ?').run(row.data.replace('102', '999'), row.position);
    });
    await withStore(filename, async (store) => {
      const events = await readAll(store);
      expect(events[2]!.data).toEqual({ amount: 999 }); // the edit is what a reader sees
      expect(events.every((e) => e.metadata.hash === undefined)).toBe(true); // and every event now reads without a hash
      const result = await verifyHistory(store);
      expect(result).toMatchObject({ ok: false, reason: 'missing-hash', unchained: 0, firstBroken: { streamId: 'dossier-0', version: 1, position: 1 } });
      expect(result.hashedFrom).toBe(1);
      expect(result.message).toMatch(/from position 1 on must have one/);
      expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: false, reason: 'missing-hash' });
      // a checkpoint is refused too (it verifies first)
      expect((await rejection(createCheckpoint(store))).code).toBe('STORE_CORRUPTED');
      // the personal-data wrapper passes the record on: verifying through it finds the same
      const wrapped = protectPersonalData(store, { keys: createSqliteKeyStore(store.db) });
      expect(await verifyHistory(wrapped)).toMatchObject({ ok: false, reason: 'missing-hash', hashedFrom: 1 });
    });
  });

  it('every hash column emptied (one UPDATE) and an event edited: missing-hash at the first event', async () => {
    const filename = await auditFile();
    rawDb(filename, (db) => {
      db.exec('UPDATE motcua_events SET hash = NULL');
      db.exec(`UPDATE motcua_events SET data = '{"amount":999}' WHERE position = 3`);
    });
    expect(await withStore(filename, (s) => verifyHistory(s))).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: { position: 1 } });
  });

  it('a new file records 1, once: the row cannot be updated or deleted; a file without it is STORE_CORRUPTED', async () => {
    const filename = tempFile();
    await withStore(filename, async (store) => {
      expect(await store.hashedFrom()).toBe(1);
      expect(store.db.prepare('SELECT version FROM motcua_schema').get()).toEqual({ version: 6 });
      expect(store.db.prepare('SELECT id, hashed_from FROM motcua_integrity').all()).toEqual([{ id: 1, hashed_from: 1 }]);
      expect(() => store.db.prepare('UPDATE motcua_integrity SET hashed_from = 1000').run()).toThrow(/append-only/);
      expect(() => store.db.prepare('DELETE FROM motcua_integrity').run()).toThrow(/append-only/);
      await store.append('dossier-1', [makeTestEvent('A')]);
      expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 1, unchained: 0, hashedFrom: 1 });
    });
    // reopening does not record it again
    await withStore(filename, async (store) => expect(await store.hashedFrom()).toBe(1));
    rawDb(filename, (db) => db.exec('DELETE FROM motcua_integrity'));
    await withStore(filename, async (store) => {
      for (const refused of [store.hashedFrom(), verifyHistory(store)]) {
        const error = await rejection(refused);
        expect(error).toBeInstanceOf(StoreError);
        expect(error.code).toBe('STORE_CORRUPTED');
      }
      // the caller may still say where hashing began (e.g. from an export of the record)
      expect(await verifyHistory(store, { hashedFrom: 1 })).toMatchObject({ ok: true, events: 1, hashedFrom: 1 });
    });
    rawDb(filename, (db) => db.exec('DROP TABLE motcua_integrity'));
    await withStore(filename, async (store) => expect((await rejection(store.hashedFrom())).code).toBe('STORE_CORRUPTED'));
  });

  it('an existing version-5 file gets 1 by migration — from its hash column, so a shape edited before the upgrade does not move it', async () => {
    const filename = await auditFile();
    // back to version 5, as the previous library left it; then the shape is edited while it is at version 5
    rawDb(filename, (db) => {
      db.exec('DROP TABLE motcua_integrity; UPDATE motcua_schema SET version = 5');
      renameHashKey(db);
    });
    await withStore(filename, async (store) => {
      expect(store.db.prepare('SELECT version FROM motcua_schema').get()).toEqual({ version: 6 });
      expect(await store.hashedFrom()).toBe(1);
      expect(await verifyHistory(store)).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: { position: 1 } });
    });
  });

  it('a hash kept inline (after a shape-id collision the metadata is stored as a plain object, hash column empty) counts as hashed', async () => {
    const filename = await auditFile();
    const first = await withStore(filename, async (store) => (await readAll(store))[0]!);
    rawDb(filename, (db) => {
      db.prepare('UPDATE motcua_events SET meta = ?, hash = NULL WHERE position = 1').run(JSON.stringify(first.metadata));
      db.exec('DROP TABLE motcua_integrity; UPDATE motcua_schema SET version = 5');
    });
    await withStore(filename, async (store) => {
      expect(await store.hashedFrom()).toBe(1);
      expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 5, unchained: 0 });
    });
  });

  it('a log from before hashing (version 3, no hash anywhere) records the position after it: it verifies with its unchained prefix, appends chain on', async () => {
    const old = await hashedEvents(['dossier-0', 'dossier-1', 'dossier-0'], 1, true);
    const filename = versionThreeFile(old);
    await withStore(filename, async (store) => {
      expect(await store.hashedFrom()).toBe(4);
      expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 3, unchained: 3 });
      await store.append('dossier-0', [makeTestEvent('After', { n: 1 })]);
      await store.append('dossier-2', [makeTestEvent('After', { n: 2 })]);
      expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 5, unchained: 3, hashedFrom: 4 });
      expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: { position: 1 } });
    });
    // the audit's edit on the migrated log: the hashed events read unhashed from position 4 on
    rawDb(filename, (db) => {
      expect(renameHashKey(db)).toBeGreaterThan(0);
      db.exec(`UPDATE motcua_events SET data = '{"n":999}' WHERE position = 5`);
    });
    expect(await withStore(filename, (s) => verifyHistory(s))).toMatchObject({
      ok: false,
      reason: 'missing-hash',
      unchained: 3,
      firstBroken: { streamId: 'dossier-0', version: 3, position: 4 },
    });
  });

  it('a log hashed part-way (version 3: an unhashed prefix, then hashed events) records its first hashed position', async () => {
    const old = await hashedEvents(['old-0', 'old-1', 'old-0'], 1, true);
    const hashed = await hashedEvents(['new-0', 'new-1', 'new-0'], 4);
    const filename = versionThreeFile([...old, ...hashed]);
    await withStore(filename, async (store) => {
      expect(await store.hashedFrom()).toBe(4);
      expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 6, unchained: 3 });
      await store.append('old-1', [makeTestEvent('After', { n: 1 })]); // links to no hash: its stream's last event has none
      expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 7, unchained: 3 });
    });
    rawDb(filename, (db) => db.exec('UPDATE motcua_events SET hash = NULL WHERE position >= 4'));
    expect(await withStore(filename, (s) => verifyHistory(s))).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: { streamId: 'new-0', position: 4 } });
  });

  it('a signed checkpoint still catches an attacker who also moves the record (the record carries no secret)', async () => {
    const keys = generateCheckpointKeys();
    const filename = await auditFile();
    const signed = await withStore(filename, async (store) => signCheckpoint(await createCheckpoint(store, { issuer: 'H21' }), keys.privateKey));
    rawDb(filename, (db) => {
      db.exec('DROP TABLE motcua_integrity');
      db.exec(HASHED_FROM_LATER);
      renameHashKey(db);
      db.exec(`UPDATE motcua_events SET data = '{"amount":999}' WHERE position = 3`);
    });
    await withStore(filename, async (store) => {
      expect(await verifyHistory(store)).toMatchObject({ ok: true, unchained: 5 }); // what a determined attacker gets without checkpoints
      expect(await verifyHistory(store, { checkpoints: [signed], publicKey: keys.publicKey })).toMatchObject({ ok: false, reason: 'checkpoint' });
    });
  });
});

/** A place in the file a byte can be edited: a text or blob column of one row. */
interface Cell {
  table: string;
  column: string;
  key: string;
  id: number;
  bytes: Buffer;
  blob: boolean;
}

/** A closed file holding `events`, what a reader reads from it (JSON), and every cell a byte edit can reach. */
async function template(events: readonly [string, NewEvent][]): Promise<{ filename: string; before: string; cells: Cell[] }> {
  const filename = tempFile('template.db');
  await withStore(filename, async (store) => {
    for (const [stream, event] of events) await store.append(stream, [event]);
  });
  rawDb(filename, (db) => db.pragma('wal_checkpoint(TRUNCATE)'));
  const before = await withStore(filename, async (store) => JSON.stringify(await readAll(store)));
  const cells = rawDb(filename, (db) => {
    const out: Cell[] = [];
    const add = (table: string, column: string, key: string, blob = false) => {
      for (const row of db.prepare(`SELECT ${key} AS id, CAST(${column} AS BLOB) AS bytes FROM ${table} WHERE ${column} IS NOT NULL`).all() as { id: number; bytes: Buffer }[])
        out.push({ table, column, key, id: row.id, bytes: row.bytes, blob });
    };
    add('motcua_dictionary', 'value', 'id');
    add('motcua_events', 'meta', 'position');
    add('motcua_events', 'data', 'position');
    add('motcua_events', 'hash', 'position', true);
    add('motcua_streams', 'name', 'id');
    add('motcua_types', 'name', 'id');
    return out;
  });
  return { filename, before, cells };
}

describe('single-byte edits of the dictionary, metadata, data and hash columns (property)', () => {
  it('every edit that changes what a reader sees is caught by verifyHistory or refused with a MotcuaError', async () => {
    // The audit's log: every event shares one metadata shape (one actor, the same keys) …
    const shared: [string, NewEvent][] = Array.from({ length: 5 }, (_, i) => [
      `dossier-${i % 2}`,
      makeTestEvent('Step', { amount: 100 + i }, { actor: { id: 'cb-01', role: 'receivingOfficer' } }),
    ]);
    // … and one with more of what a dictionary holds: several shapes, instants, back references, UUIDs, actors, a text id.
    const rich: [string, NewEvent][] = Array.from({ length: 6 }, (_, i) => {
      const commandId = `0192f3a4-5b6c-7d8e-9f01-${(0x100000000000 + i).toString(16)}`;
      return [
        `dossier-${i % 3}`,
        makeTestEvent(
          i % 2 ? 'DossierAccepted' : 'Step',
          { amount: 100 + i, note: `bước ${i}`, ok: i % 2 === 0, list: [i, null] },
          {
            actor: { id: `cb-0${i % 2}`, role: 'receivingOfficer', unit: 'H21.65', name: 'Nguyễn Văn A' },
            commandId,
            correlationId: commandId,
            ...(i % 3 === 0 ? { causationId: commandId, commandHash: 12345 + i } : {}),
            occurredAt: `2024-10-2${i}T08:30:00.000+07:00`,
            ...(i === 5 ? { eventId: `text-id-${i}` } : {}),
          },
        ),
      ];
    });
    const files = [await template(shared), await template(rich)];
    expect(files[1]!.cells.filter((c) => c.table === 'motcua_dictionary').length).toBeGreaterThanOrEqual(4); // shapes and actors
    // The edits the audit made matter most: a byte of a shape's "hash" key is edited in a share of the runs.
    const hashKeyBytes = files.map(({ cells }) =>
      cells.flatMap((c, index) => {
        const at = c.table === 'motcua_dictionary' ? c.bytes.indexOf('"hash"') : -1;
        return at < 0 ? [] : [1, 2, 3, 4].map((k) => ({ index, offset: at + k }));
      }),
    );
    expect(hashKeyBytes.every((bytes) => bytes.length > 0)).toBe(true);
    const seen = { unchanged: 0, caught: 0, refused: 0 };
    // anywhere: any byte of any cell; else a byte of a shape's "hash" key (half of the runs)
    const editArb = fc.record({ file: fc.nat(1), anywhere: fc.boolean(), pick: fc.nat(), offset: fc.nat(), byte: fc.nat(255) });
    await fc.assert(
      fc.asyncProperty(editArb, async ({ file, anywhere, pick, offset: at, byte }) => {
        const { filename: source, before, cells } = files[file]!;
        const target = anywhere ? { index: pick % cells.length, offset: -1 } : hashKeyBytes[file]![pick % hashKeyBytes[file]!.length]!;
        const cell = cells[target.index]!;
        const offset = target.offset >= 0 ? target.offset : at % cell.bytes.length;
        if (cell.bytes[offset] === byte) return; // not an edit
        const edited = Buffer.from(cell.bytes);
        edited[offset] = byte;
        const filename = tempFile();
        copyFileSync(source, filename);
        let written = true;
        rawDb(filename, (db) => {
          try {
            db.prepare(`UPDATE ${cell.table} SET ${cell.column} = ${cell.blob ? '?' : 'CAST(? AS TEXT)'} WHERE ${cell.key} = ?`).run(edited, cell.id);
          } catch (error) {
            // a name edited into another name already there (UNIQUE): the file cannot hold this edit
            if (!/UNIQUE/.test((error as Error).message)) throw error;
            written = false;
          }
        });
        if (!written) return;
        const what = `${cell.table}.${cell.column} #${cell.id} byte ${offset} → ${byte}`;
        await withStore(filename, async (store) => {
          let after: string;
          try {
            after = JSON.stringify(await readAll(store));
          } catch (error) {
            expect(error, `reading after an edit of ${what}`).toBeInstanceOf(MotcuaError);
            seen.refused++;
            return;
          }
          let result: Awaited<ReturnType<typeof verifyHistory>>;
          try {
            result = await verifyHistory(store);
          } catch (error) {
            expect(error, `verifying after an edit of ${what}`).toBeInstanceOf(MotcuaError);
            seen.refused++;
            return;
          }
          if (after === before) {
            expect(result.ok, what).toBe(true); // the reader sees the same log: nothing to catch
            seen.unchanged++;
          } else {
            expect(result.ok, `${what}: ${JSON.stringify(result)}`).toBe(false);
            seen.caught++;
          }
        });
      }),
      { numRuns: 250 },
    );
    expect(seen.caught).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
