/**
 * The page size of the SQLite file (`pageSize`, default `DEFAULT_PAGE_SIZE`).
 * Oracles: SQLite's own `PRAGMA page_size` of the file, the documented
 * default written out here, and SQLite's rule for a valid page size (a power
 * of two from 512 to 65,536; any other value it silently ignores).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore, DEFAULT_PAGE_SIZE } from '@motcua/store-sqlite';
import { applyMigrations } from '../src/schema';
import { rejection, tempFile } from './helpers';

/** The documented default (docs/storage.md, "Page size"). */
const DOCUMENTED_DEFAULT = 16_384;
const VALID = [512, 1024, 2048, 4096, 8192, 16_384, 32_768, 65_536];

const pageSizeOf = (filename: string): number => {
  const db = new Database(filename, { readonly: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('page size', () => {
  it('a new file gets the documented default', async () => {
    expect(DEFAULT_PAGE_SIZE).toBe(DOCUMENTED_DEFAULT);
    const filename = tempFile();
    const store = await createSqliteEventStore({ filename });
    await store.append('s', [makeTestEvent('A')]);
    await store.close();
    expect(pageSizeOf(filename)).toBe(DOCUMENTED_DEFAULT);
  });

  it('a new file, or a new database passed in, gets any valid page size asked for', async () => {
    for (const pageSize of VALID) {
      const filename = tempFile();
      const store = await createSqliteEventStore({ filename, pageSize });
      await store.append('s', [makeTestEvent('A', { pageSize })]);
      await store.saveProjection('p', { state: { pad: 'z'.repeat(100_000) }, position: 1 });
      await store.close();
      expect(pageSizeOf(filename)).toBe(pageSize);
      const again = await createSqliteEventStore({ filename });
      expect((await again.readStream('s')).events.map((e) => e.data)).toEqual([{ pageSize }]);
      expect((await again.loadProjection<{ pad: string }>('p'))?.state.pad.length).toBe(100_000);
      await again.close();
    }
    const db = new Database(tempFile());
    const store = await createSqliteEventStore({ database: db, pageSize: 2048 });
    await store.append('s', [makeTestEvent('A')]);
    await store.close();
    expect(db.pragma('page_size', { simple: true })).toBe(2048);
    db.close();
  });

  it('an existing 4,096-byte file (schema version 4, events in it) keeps its page size and keeps working', async () => {
    const filename = tempFile();
    const old = await createSqliteEventStore({ filename, pageSize: 4096 });
    await old.append('dossier-1', [makeTestEvent('A', { n: 1 })]);
    await old.close();
    // back to the version-4 layout of the checkpoints table, as an older library left it
    const db = new Database(filename);
    db.exec('ALTER TABLE motcua_projections DROP COLUMN packed; UPDATE motcua_schema SET version = 4');
    db.close();
    for (const pageSize of [undefined, 16_384, 512]) {
      const store = await createSqliteEventStore({ filename, ...(pageSize === undefined ? {} : { pageSize }) });
      await store.append('dossier-1', [makeTestEvent('B', { pageSize: pageSize ?? 0 })]);
      await store.saveProjection('big', { state: { pad: 'q'.repeat(200_000) }, position: 2 });
      expect((await store.loadProjection<{ pad: string }>('big'))?.state.pad.length).toBe(200_000);
      await store.close();
      expect(pageSizeOf(filename)).toBe(4096);
    }
    const store = await createSqliteEventStore({ filename });
    expect((await store.readStream('dossier-1')).events.map((e) => e.data)).toEqual([{ n: 1 }, { pageSize: 0 }, { pageSize: 16_384 }, { pageSize: 512 }]);
    expect(store.db.prepare('SELECT version FROM motcua_schema').get()).toEqual({ version: 6 });
    await store.close();
  });

  it('a file made by another program before the store opens it keeps its page size', async () => {
    const filename = tempFile();
    const db = new Database(filename);
    db.pragma('page_size = 1024');
    db.exec('CREATE TABLE app_settings (k TEXT PRIMARY KEY, v TEXT)');
    db.exec('BEGIN IMMEDIATE');
    applyMigrations(db, 0);
    db.exec('COMMIT');
    db.close();
    const store = await createSqliteEventStore({ filename });
    await store.append('s', [makeTestEvent('A')]);
    await store.close();
    expect(pageSizeOf(filename)).toBe(1024);
  });

  it('any other value is VALIDATION_FAILED on pageSize, before a file is created', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer(), fc.integer({ min: 0, max: 70_000 }), fc.double(), fc.constantFrom(0, 256, 3000, 4097, 131_072, Number.NaN, Number.POSITIVE_INFINITY, 4096.5)),
        async (pageSize) => {
          fc.pre(!VALID.includes(pageSize));
          const filename = tempFile();
          const error = (await rejection(createSqliteEventStore({ filename, pageSize }))) as Error & { code?: string; issues?: { path: unknown[] }[] };
          expect(error.code).toBe('VALIDATION_FAILED');
          expect(error.issues?.map((issue) => issue.path)).toEqual([['pageSize']]);
          expect(existsSync(filename)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});
