/**
 * Erasure racing another process's first key on one SQLite file (crypto-shredding, NĐ 13/2023 Đ9, Đ16): several
 * processes may share the file, so another one's `keyFor` can create the subject's key at any moment. Whatever lands
 * in between, `destroyKey` must either destroy the key (and answer `true`) or find it already destroyed — it must
 * never answer "already erased" while a live key survives. The other process is simulated by a second connection to
 * the same file whose `keyFor` runs right after the first statement the erasure executes on the key table (the
 * point where an UPDATE-then-INSERT erasure lost the race).
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErasureRecord } from '@motcua/core';
import { createSqliteKeyStore, SQLITE_KEY_TABLE } from '@motcua/store-sqlite';
import { tempFile } from './helpers';

type Db = InstanceType<typeof Database>;
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
const connect = (file: string): Db => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  open.push(db);
  return db;
};

/** The erasing connection, with `between` run once, right after the first write statement on the key table. */
const interleaved = (db: Db, between: () => void): Db => {
  let fired = false;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sql: string) => {
        const statement = target.prepare(sql);
        if (!/^\s*(UPDATE|INSERT)/i.test(sql) || !/erased_at/.test(sql)) return statement;
        return new Proxy(statement, {
          get(st, name, r) {
            const value = Reflect.get(st, name, r);
            if (name !== 'run') return typeof value === 'function' ? value.bind(st) : value;
            return (...args: unknown[]) => {
              const result = st.run(...args);
              if (!fired) {
                fired = true;
                between();
              }
              return result;
            };
          },
        });
      };
    },
  });
};

const record = (subject: string): ErasureRecord => ({ subject, erasedAt: '2026-12-02T03:00:00.000Z', reason: 'request', by: 'officer-1' });

describe('SQLite key store: erasure racing another process creating the key', () => {
  it('destroys a key created by another connection between its statements, and answers true', async () => {
    const file = tempFile('keys-race.db');
    const other = createSqliteKeyStore(connect(file));
    const subject = 'dossier-000.00.06.H56-240304-0001';
    let created = false;
    const eraser = createSqliteKeyStore(
      interleaved(connect(file), () => {
        // Another process writes the dossier's first personal data: its key is created now.
        void other.keyFor(subject);
        created = true;
      }),
    );
    expect(await eraser.destroyKey(record(subject))).toBe(true);
    expect(created).toBe(true);
    // Read back through a third connection: no live key for the subject, and the erasure is on record.
    const reader = connect(file);
    const row = reader.prepare(`SELECT key, erased_at, reason FROM ${SQLITE_KEY_TABLE} WHERE subject = ?`).get(subject) as {
      key: Buffer | null;
      erased_at: string | null;
      reason: string | null;
    };
    expect(row.key).toBeNull();
    expect(row.erased_at).toBe('2026-12-02T03:00:00.000Z');
    expect(row.reason).toBe('request');
    const keys = await createSqliteKeyStore(reader).getKeys([subject]);
    expect(keys.get(subject)).toMatchObject({ destroyed: true });
    // A second erasure of the same subject answers false: already erased.
    expect(await createSqliteKeyStore(reader).destroyKey(record(subject))).toBe(false);
  });

  it('destroys a live key, tombstones an unknown subject, and answers false only when already erased', async () => {
    const file = tempFile('keys-plain.db');
    const store = createSqliteKeyStore(connect(file));
    const live = await store.keyFor('dossier-a');
    expect(live).not.toMatchObject({ destroyed: true });
    expect(await store.destroyKey(record('dossier-a'))).toBe(true);
    expect(await store.destroyKey(record('dossier-a'))).toBe(false);
    expect(await store.destroyKey(record('dossier-never-seen'))).toBe(true);
    expect(await store.destroyKey(record('dossier-never-seen'))).toBe(false);
    // A key asked for after its subject was erased stays destroyed (the tombstone blocks a new key).
    expect(await store.keyFor('dossier-never-seen')).toMatchObject({ destroyed: true });
    expect((await store.erasures()).map((e) => e.subject)).toEqual(['dossier-a', 'dossier-never-seen']);
  });
});
