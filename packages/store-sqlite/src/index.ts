/**
 * @motcua/store-sqlite — the embedded default event store, on better-sqlite3.
 * This file names the whole public API.
 */
export { createSqliteEventStore, DEFAULT_PAGE_SIZE } from './create';
export { PACK_THRESHOLD, PACK_LEVEL } from './checkpoint-codec';
export type { SqliteStoreOptions, SqliteFileOptions, SqliteDatabaseOptions } from './create';
export { SqliteEventStore } from './sqlite-event-store';
export type { ImportStream, ImportOptions, ImportResult, SqliteTransaction } from './sqlite-event-store';
export type { SqliteDatabase, SqliteStatement, SqliteRunResult } from './driver';
export { SCHEMA_VERSION, MIGRATIONS } from './schema';
export { createSqliteKeyStore, SQLITE_KEY_TABLE } from './key-store';
export type { Migration } from './schema';
export { createSqliteDossierList } from './dossier-list';
export type { SqliteDossierListOptions } from './dossier-list';
export { createSqliteOutboxStore } from './outbox';
export { readSqlitePartition, sqlitePartitionSource } from './partition-read';
export type { SqlitePartitionOptions, SqlitePartitionSource } from './partition-read';
export type { SqliteOutboxOptions } from './outbox';
