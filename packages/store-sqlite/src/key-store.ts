import { type DestroyedKey, type ErasureRecord, MotcuaError, type PersonalDataKeyStore, type SubjectKey, newKeyBytes, StoreError } from '@motcua/core';
import { erasureFromRow, keyFromRow, type KeyRow } from '@motcua/core/store-kit';
import type { SqliteDatabase } from './driver';
import { wrapDriverError } from './errors';

/** The key table's name (in the event store's own database file). */
export const SQLITE_KEY_TABLE = 'motcua_personal_keys';

/**
 * The subjects' keys in a table of the event store's SQLite file
 * (`motcua_personal_keys`: subject, version, key — 32 random bytes, NULL once
 * destroyed — and the erasure's time, reason and author). Erasing sets the key
 * to NULL with `secure_delete` on (SQLite overwrites the freed bytes with
 * zeros) and truncates the write-ahead log, so the key's bytes are left
 * neither in the database file nor in its `-wal` file. Backups made before
 * the erasure still hold the key: keep them no longer than the retention
 * period, or keep the keys elsewhere (an external KMS behind
 * `PersonalDataKeyStore`).
 *
 * @example
 * ```ts
 * import { protectPersonalData } from '@motcua/core';
 * const store = await createSqliteEventStore({ filename: 'motcua.db' });
 * const protectedStore = protectPersonalData(store, { keys: createSqliteKeyStore(store.db) });
 * ```
 */
export function createSqliteKeyStore(db: SqliteDatabase): PersonalDataKeyStore {
  const guard = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (cause) {
      const typed = wrapDriverError(cause, `SQLite key store: ${what}`, db);
      if (typed instanceof MotcuaError) throw typed;
      throw new StoreError('STORE_CONNECTION', `SQLite key store: ${what} failed: ${(cause as Error).message}`, { cause });
    }
  };
  const { insert, select, destroy, erased } = guard('creating the key table', () => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${SQLITE_KEY_TABLE} (
    subject TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    key BLOB,
    created_at TEXT NOT NULL,
    erased_at TEXT,
    reason TEXT,
    erased_by TEXT
  )`);
    db.exec('PRAGMA secure_delete = ON');
    return {
      insert: db.prepare(`INSERT INTO ${SQLITE_KEY_TABLE} (subject, version, key, created_at) VALUES (?, 1, ?, ?) ON CONFLICT (subject) DO NOTHING`),
      select: db.prepare(`SELECT subject, version, key, erased_at, reason, erased_by FROM ${SQLITE_KEY_TABLE} WHERE subject = ?`),
      // One statement: a tombstone for a subject without a key, or the live key set to NULL. As an UPDATE then an
      // INSERT … DO NOTHING, another process's keyFor creating the key between the two (one file, several processes)
      // made the erasure answer false ("already erased") and left the key alive.
      destroy: db.prepare(
        `INSERT INTO ${SQLITE_KEY_TABLE} (subject, version, key, created_at, erased_at, reason, erased_by) VALUES (?, 0, NULL, ?, ?, ?, ?)
         ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = excluded.erased_at, reason = excluded.reason, erased_by = excluded.erased_by
         WHERE key IS NOT NULL`,
      ),
      erased: db.prepare(`SELECT subject, erased_at, reason, erased_by FROM ${SQLITE_KEY_TABLE} WHERE key IS NULL ORDER BY erased_at, subject`),
    };
  });

  return {
    async keyFor(subject) {
      return guard('keyFor', () => {
        let row = select.get(subject) as KeyRow | undefined;
        if (!row) {
          insert.run(subject, Buffer.from(newKeyBytes()), new Date().toISOString());
          row = select.get(subject) as KeyRow;
        }
        return keyFromRow(row);
      });
    },
    async getKeys(subjects) {
      return guard('getKeys', () => {
        const out = new Map<string, SubjectKey | DestroyedKey>();
        for (const subject of new Set(subjects)) {
          const row = select.get(subject) as KeyRow | undefined;
          if (row) out.set(subject, keyFromRow(row));
        }
        return out;
      });
    },
    async destroyKey(record: ErasureRecord) {
      const done = guard('destroyKey', () => {
        const by = record.by ?? null;
        return destroy.run(record.subject, record.erasedAt, record.erasedAt, record.reason, by).changes > 0;
      });
      // The key's old page images may sit in the write-ahead log: copy it back and empty it (best effort while a reader holds an old snapshot).
      if (done && !db.inTransaction) guard('wal_checkpoint', () => db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get());
      return done;
    },
    async erasures() {
      return guard('erasures', () => (erased.all() as KeyRow[]).map(erasureFromRow));
    },
  };
}
