/**
 * @motcua/store-postgres — the server event store, on pg (PostgreSQL ≥ 13).
 * This file names the whole public API. Test helpers: `@motcua/store-postgres/testkit`.
 */
export { createPostgresEventStore } from './create';
export type { PostgresStoreOptions } from './create';
export { PostgresEventStore } from './postgres-event-store';
export { PG_SCHEMA_VERSION, PG_MIGRATIONS } from './schema';
export type { PgMigration } from './schema';
export { createPostgresKeyStore } from './key-store';
export type { PostgresKeyStoreOptions } from './key-store';
export { createPostgresDossierList } from './dossier-list';
export type { PostgresDossierListOptions } from './dossier-list';
export { createPostgresOutboxStore } from './outbox';
export type { PostgresOutboxOptions } from './outbox';
export { importEvents } from './import';
export type { PgImportStream, PgImportOptions, PgImportResult } from './import';
export { createMonthlyPartitions } from './partition';
export type { PgPartitioning } from './partition';
