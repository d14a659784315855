/**
 * The two peers behind one small interface, so every workload runs the same
 * code on both: motcua (its public API: `store.append`, `engine.execute`,
 * `store.readBatches`) and Emmett (its public API: `appendToStream`,
 * `CommandHandler`, `readMessagesBatch`). Each side opens a fresh database.
 */
import { randomUUID } from 'node:crypto';
import { createEngine, InMemoryEventStore, toVietnamInstant, type CommandInput, type EventStore, type NewEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createPostgresEventStore, type PostgresStoreOptions } from '@motcua/store-postgres';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import Database from 'better-sqlite3';
import pg from 'pg';
import { importFrom } from './emmett';

/** An event as both peers write it; `data.id` identifies it in the global log on both. */
export interface PeerEvent {
  type: string;
  data: { id: string; dossier: string; k: number; procedure: string; applicant: { name: string } };
}

/** One peer on one fresh database. */
export interface Side {
  /** Append to a stream; `expected` is the stream's current version (`0`: the stream must not exist). */
  append(stream: string, events: PeerEvent[], expected: number): Promise<void>;
  /** Untimed set-up: receive these dossiers (motcua: `ReceiveDossier` in one `engine.batch`; Emmett: one event each). */
  prepare(dossierIds: readonly string[], offset: number): Promise<void>;
  /** Handle one "transfer the received dossier" command (read the stream, decide, evolve, append with the expected version). */
  command(dossierId: string, k: number): Promise<void>;
  /** The whole global log, in its order: the `data.id` of every event returned. */
  readAll(): Promise<string[]>;
  /** How many events the database holds, by a plain `SELECT count(*)` on the peer's table (the read check's oracle). */
  count(): Promise<number>;
  /** The durability settings in force on the connection that writes, as the database reports them. */
  durability(): Promise<string>;
  close(): Promise<void>;
}

function sqliteCount(filename: string, table: string): number {
  const db = new Database(filename, { readonly: true });
  try {
    return Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

function sqlitePragma(filename: string, pragma: string): string {
  const db = new Database(filename, { readonly: true });
  try {
    return String(db.pragma(pragma, { simple: true }));
  } finally {
    db.close();
  }
}

async function pgDurability(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (name: string) => (await client.query(`SHOW ${name}`)).rows[0]![name] as string;
    return `fsync=${await show('fsync')}, synchronous_commit=${await show('synchronous_commit')}, full_page_writes=${await show('full_page_writes')}`;
  } finally {
    await client.end();
  }
}

async function pgCount(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

export function peerEvent(dossier: string, k: number): PeerEvent {
  return { type: 'DossierReceived', data: { id: randomUUID(), dossier, k, procedure: '1.003003', applicant: { name: 'Nguyễn Văn An' } } };
}

// ------------------------------------------------------------------ motcua

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
const actor = { id: 'cb-01', role: 'officer' };
const T0 = Date.parse('2024-03-04T01:00:00Z');

function motcuaSide(store: EventStore, count: () => Promise<number>, durability: () => Promise<string>): Side {
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
  return {
    async append(stream, events, expected) {
      const batch: NewEvent[] = events.map((e) => {
        const now = new Date().toISOString();
        return { type: e.type, data: e.data, metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: now, recordedAt: now } };
      });
      await store.append(stream, batch, { expectedVersion: expected === 0 ? 'no_stream' : expected });
    },
    async prepare(dossierIds, offset) {
      // one dossier received per 3 minutes of business time (dossier codes are numbered per unit per day)
      await engine.batch(async () => {
        for (const [i, dossierId] of dossierIds.entries()) {
          await engine.execute({
            type: 'ReceiveDossier',
            commandId: randomUUID(),
            dossierId,
            actor,
            at: toVietnamInstant(T0 + (offset + i) * 180_000),
            procedureCode: '1.003003',
            unit,
            applicant: { name: 'Nguyễn Văn An' },
            channel: 'direct',
          } as CommandInput);
        }
      });
    },
    async command(dossierId, k) {
      // the receiving officer hands the paper dossier to the handling department, an hour after receipt
      await engine.execute({
        type: 'TransferDossier',
        commandId: randomUUID(),
        dossierId,
        actor,
        at: toVietnamInstant(T0 + k * 180_000 + 3_600_000),
        mode: 'paper',
      } as CommandInput);
    },
    async readAll() {
      await store.waitUntilReadable();
      const ids: string[] = [];
      for await (const batch of store.readBatches({ batchSize: 1_000 })) for (const e of batch) ids.push((e.data as PeerEvent['data']).id ?? e.metadata.eventId);
      return ids;
    },
    count,
    durability,
    close: () => store.close(),
  };
}

/**
 * motcua on its in-memory store: the engine's own cost with a store that writes nothing durable (the ceiling of the
 * command path whatever the store; `concurrent-commands.probe.ts` with `PROBE_STORE=memory`). Not a peer workload.
 */
export function motcuaMemory(): Side {
  const store = new InMemoryEventStore();
  return motcuaSide(
    store,
    () => store.headPosition(),
    async () => 'in memory (nothing durable)',
  );
}

/** motcua on a new SQLite file, default durability (WAL, `synchronous=FULL`). */
export async function motcuaSqlite(filename: string): Promise<Side> {
  const store = await createSqliteEventStore({ filename });
  // the store's connection is its own; its pragmas are set by createSqliteEventStore (synchronous defaults to FULL)
  return motcuaSide(
    store,
    async () => sqliteCount(filename, 'motcua_events'),
    async () => `journal_mode=${sqlitePragma(filename, 'journal_mode')}, synchronous=FULL (createSqliteEventStore's default)`,
  );
}

/** motcua on a new schema of a PostgreSQL database (the server's own durability settings). */
export async function motcuaPostgres(url: string, schema: string, options: Partial<PostgresStoreOptions> = {}): Promise<Side> {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  pool.on('error', (e) => console.error(`postgres: idle connection lost: ${e.message}`)); // an idle client's error would otherwise end the process
  const side = motcuaSide(
    await createPostgresEventStore({ ...options, pool, schema }),
    () => pgCount(url, `${schema}.events`),
    () => pgDurability(url),
  );
  return { ...side, close: async () => (await side.close(), await pool.end()) };
}

// ------------------------------------------------------------------ Emmett

/** The parts of Emmett's API used here (it is not a dependency of this repository, so no types). */
type Any = any;

interface DossierState {
  status: 'none' | 'received' | 'transferred';
}

async function emmettParts(folder: string) {
  const core = await importFrom<Any>(folder, '@event-driven-io/emmett');
  const handle = core.CommandHandler({
    evolve: (state: DossierState, event: PeerEvent): DossierState =>
      event.type === 'DossierReceived' ? { status: 'received' } : event.type === 'DossierTransferred' ? { status: 'transferred' } : state,
    initialState: (): DossierState => ({ status: 'none' }),
  });
  const decide = (dossierId: string, k: number) => (state: DossierState) => {
    if (state.status !== 'received') throw new core.EmmettError(`dossier ${dossierId} is not waiting for transfer`);
    return { ...peerEvent(dossierId, k), type: 'DossierTransferred' };
  };
  return { core, handle, decide };
}

function emmettAppend(core: Any, store: Any) {
  return async (stream: string, events: PeerEvent[], expected: number) => {
    await store.appendToStream(stream, events, { expectedStreamVersion: expected === 0 ? core.STREAM_DOES_NOT_EXIST : BigInt(expected) });
  };
}

function emmettPrepare(append: ReturnType<typeof emmettAppend>) {
  return async (dossierIds: readonly string[]) => {
    for (let i = 0; i < dossierIds.length; i += 8) await Promise.all(dossierIds.slice(i, i + 8).map((id, j) => append(id, [peerEvent(id, i + j)], 0)));
  };
}

/**
 * Emmett on a new SQLite file (WAL; `synchronous` left at SQLite's default, FULL), on one shared connection:
 * with its default pool (a connection per operation) concurrent appends fail with SQLITE_BUSY.
 */
export async function emmettSqlite(folder: string, fileName: string): Promise<Side> {
  const { core, handle, decide } = await emmettParts(folder);
  const sqlite = await importFrom<Any>(folder, '@event-driven-io/emmett-sqlite');
  // Emmett's connection sends `PRAGMA journal_mode = WAL` without waiting for it, so on a new file it could run inside
  // the schema migration's transaction and crash the process ("cannot change into wal mode from within a transaction",
  // about one bench run in three). The file is put in WAL mode first — what Emmett asks for — so that PRAGMA changes nothing.
  const wal = new Database(fileName);
  wal.pragma('journal_mode = WAL');
  wal.close();
  const shared = sqlite.sqliteConnection({ fileName });
  const store = sqlite.getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' }, connectionOptions: { singleton: true, connection: shared } });
  const append = emmettAppend(core, store);
  return {
    append,
    prepare: emmettPrepare(append),
    async command(dossierId, k) {
      await handle(store, dossierId, decide(dossierId, k));
    },
    async readAll() {
      const connection = sqlite.sqliteConnection({ fileName });
      try {
        const ids: string[] = [];
        let after = 0n;
        for (;;) {
          const batch = await sqlite.readMessagesBatch(connection, { after, batchSize: 1_000 });
          for (const m of batch.messages) ids.push(m.data.id);
          if (batch.messages.length === 0 || !batch.areEventsLeft) return ids;
          after = batch.currentGlobalPosition;
        }
      } finally {
        connection.close();
      }
    },
    count: async () => sqliteCount(fileName, 'emt_messages'),
    async durability() {
      const mode = await shared.querySingle('PRAGMA journal_mode');
      const sync = await shared.querySingle('PRAGMA synchronous');
      return `journal_mode=${mode?.journal_mode}, synchronous=${['OFF', 'NORMAL', 'FULL', 'EXTRA'][sync?.synchronous] ?? sync?.synchronous} (on Emmett's connection)`;
    },
    close: async () => {
      await store.close?.();
      shared.close();
    },
  };
}

/** Emmett on a new PostgreSQL database (its defaults: a pooled connection). */
export async function emmettPostgres(folder: string, url: string): Promise<Side> {
  const { core, handle, decide } = await emmettParts(folder);
  const emmettPg = await importFrom<Any>(folder, '@event-driven-io/emmett-postgresql');
  const dumbo = await importFrom<Any>(folder, '@event-driven-io/dumbo');
  const store = emmettPg.getPostgreSQLEventStore(url);
  await store.schema.migrate();
  const append = emmettAppend(core, store);
  return {
    append,
    prepare: emmettPrepare(append),
    async command(dossierId, k) {
      await handle(store, dossierId, decide(dossierId, k));
    },
    async readAll() {
      const pool = dumbo.dumbo({ connectionString: url });
      try {
        const ids: string[] = [];
        let after = 0n;
        for (;;) {
          const batch = await emmettPg.readMessagesBatch(pool.execute, { after, batchSize: 1_000 });
          for (const m of batch.messages) ids.push(m.data.id);
          if (batch.messages.length === 0 || !batch.areMessagesLeft) return ids;
          after = batch.currentGlobalPosition;
        }
      } finally {
        await pool.close();
      }
    },
    count: () => pgCount(url, 'emt_messages'),
    durability: () => pgDurability(url),
    close: () => store.close(),
  };
}
