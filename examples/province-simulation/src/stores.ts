/**
 * Open the event store the options ask for: embedded SQLite (default),
 * in-memory, or PostgreSQL (a given server, or a temporary one).
 *
 * SQLite goes where the user says (`--db FILE`, kept); without `--db` it is a
 * new file in a new folder under the system temporary folder, and that
 * folder is deleted when the store is closed — unless `--keep-db`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventStore, type EventStore } from '@motcua/core';
import { createSqliteEventStore } from '@motcua/store-sqlite';

/** An opened store, its description and how to release it. */
export interface OpenedStore {
  store: EventStore;
  /** E.g. `SQLite /tmp/…/motcua-sim.db` or `PostgreSQL 127.0.0.1:5432/motcua (schema motcua_sim)`. */
  description: string;
  /** The SQLite file, when the store is one (the reports are then projected on a second thread). */
  sqliteFile?: string;
  /** The database file that stays after {@link OpenedStore.close} (the user's `--db`, or a kept temporary file). */
  kept?: string;
  /** Close the store; a temporary SQLite file (not kept) is deleted with its folder. */
  close(): Promise<void>;
  /**
   * Delete the temporary database files now, synchronously (for an exit on
   * Ctrl-C or an uncaught error, when `close` cannot run); a no-op when
   * there are none or they are kept.
   */
  discard(): void;
}

/**
 * Open the store. SQLite runs with `synchronous: 'NORMAL'`: the simulated
 * data can be regenerated from the seed, so an OS crash losing the last
 * transactions does not matter (the file never corrupts); production
 * dossiers keep the default `'FULL'`.
 */
export async function openStore(options: { store: 'sqlite' | 'memory' | 'postgres'; db?: string; keepDb?: boolean; url?: string; schema: string }): Promise<OpenedStore> {
  if (options.store === 'memory') {
    const store = new InMemoryEventStore();
    return { store, description: 'in-memory', close: () => store.close(), discard: () => undefined };
  }
  if (options.store === 'sqlite') {
    // A temporary file lives in its own folder, so the WAL and shared-memory files go with it.
    const tempDir = options.db === undefined ? mkdtempSync(join(tmpdir(), 'motcua-sim-')) : undefined;
    const file = options.db ?? join(tempDir!, 'motcua-sim.db');
    const temporary = tempDir !== undefined && !options.keepDb ? tempDir : undefined;
    const discard = () => {
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    };
    let store: EventStore;
    try {
      // 64 MiB of page cache (was 256): the engine keeps its own cache of dossier states, and the demo's peak RSS counts every MiB.
      store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL', cacheSizeKiB: 65_536 });
    } catch (error) {
      discard();
      throw error;
    }
    return {
      store,
      description: `SQLite ${temporary ? 'temporary file (deleted at exit)' : file}`,
      sqliteFile: file,
      ...(temporary ? {} : { kept: file }),
      async close() {
        try {
          await store.close();
        } finally {
          discard();
        }
      },
      discard,
    };
  }
  return openPostgres({ ...(options.url !== undefined ? { url: options.url } : {}), schema: options.schema });
}

/**
 * Open a PostgreSQL store: `url` (or `$DATABASE_URL`) names the province's
 * server; without one a temporary server is started from the local
 * PostgreSQL binaries (`startTestPostgres`) and removed on close.
 */
export async function openPostgres(options: { url?: string; schema: string; poolSize?: number }): Promise<OpenedStore> {
  const { default: pg } = await import('pg');
  const { createPostgresEventStore } = await import('@motcua/store-postgres');
  let url = options.url ?? process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!url) {
    const { startTestPostgres } = await import('@motcua/store-postgres/testkit');
    const server = await startTestPostgres();
    url = server.url;
    stopServer = () => server.stop();
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 4 });
  pool.on('error', (e) => console.error(`postgres: idle connection lost: ${e.message}`));
  try {
    const store = await createPostgresEventStore({ pool, schema: options.schema, listen: false, pollIntervalMs: 0 });
    const where = new URL(url);
    return {
      store,
      description: `PostgreSQL ${where.host}${where.pathname} (schema ${options.schema})${stopServer ? ', temporary server' : ''}`,
      async close() {
        await store.close();
        await pool.end();
        await stopServer?.();
      },
      discard: () => undefined,
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    await stopServer?.();
    throw error;
  }
}
