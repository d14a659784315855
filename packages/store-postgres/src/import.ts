/**
 * Historical import into PostgreSQL through `COPY … FROM STDIN`: whole
 * histories (e.g. a province's older system, or a SQLite file moving to the
 * server) written at COPY speed, with the same per-stream hash chain as
 * `append` and the same global ordering guarantees (see `copyImport`).
 */
import { type ExpectedVersion, type NewEvent, ValidationError } from '@motcua/core';
import { checkExpectedVersion, uniqueViolation, versionClash } from '@motcua/core/store-kit';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { mapPgError, pgCode, pgConstraint } from './errors';
import { CopyRowEncoder, type RowEncoder } from './import-encode';
import { fillKeyTables, keysAfterCopy } from './import-partitioned';
import { quoteSchema } from './schema';

/**
 * One stream of a PostgreSQL import (as `ImportStream` of the SQLite store).
 * @example const item: PgImportStream = { streamId: 'dossier-H21.65-220914-0011', events: legacyDossiers[0]!.events, expectedVersion: 'no_stream' };
 */
export interface PgImportStream {
  streamId: string;
  events: readonly NewEvent[];
  /** Checked against the stream's stored version; default `'any'`. */
  expectedVersion?: ExpectedVersion;
}

/**
 * Options of {@link importEvents}.
 * @example await importEvents(pool, source, { schema: 'lang_son' } satisfies PgImportOptions);
 */
export interface PgImportOptions {
  /** The store's schema (default `motcua`); it must exist (open the store once with `migrate: true`). */
  schema?: string;
  /** Streams whose stored version and last hash are fetched in one query (default 5,000). */
  lookupSize?: number;
  /** Called after each written chunk with the events written so far. */
  onProgress?: (events: number) => void;
  /**
   * Into an EMPTY, unpartitioned events table (a new schema), by default (`'rebuild'`) the two unique
   * indexes (stream/version, event id) are dropped inside the import's transaction and built once after
   * the COPY (a raw COPY of the same rows runs 1.5–1.7× faster this way; docs/performance.md has what
   * `importEvents` gains); readers of the table wait for the commit meanwhile.
   * Into a monthly-PARTITIONED table (empty or not), `'rebuild'` disables the row trigger that writes the key tables
   * (`event_ids`, `stream_versions`) inside the import's transaction and fills them with two statements after the
   * COPY (writers wait for the commit, readers do not); into an EMPTY one it also drops the two lookup indexes and
   * the key tables' primary keys and builds them after (readers wait then).
   * `'keep'`: always insert through the indexes (and the trigger). A plain table that already holds events always
   * keeps them.
   */
  indexes?: 'rebuild' | 'keep';
}

/**
 * What an import wrote.
 * @example const { events, lastPosition }: PgImportResult = await importEvents(pool, source);
 */
export interface PgImportResult {
  streams: number;
  events: number;
  /** Global position of the last imported event (0 if none). */
  lastPosition: number;
}

/**
 * Import streams of events through `COPY` in ONE transaction: all or nothing.
 * Each event is checked (type, event id, JSON that jsonb can hold) and chained
 * (`metadata.hash`, exactly as `append` computes it, continuing a stream that
 * already has events) before it is sent; a bad event, a version clash
 * (`expectedVersion`) or an event id already stored rolls the whole import
 * back with a typed error (`VALIDATION_FAILED`, `CONCURRENCY_CONFLICT`,
 * `DUPLICATE_EVENT`). The transaction holds the store's append lock from its
 * first write to its commit, so its positions and its xid8 keep the
 * gap-free order readers rely on; appends wait for the import meanwhile.
 * Followers see the events at the next poll (no NOTIFY is sent). Takes two
 * connections from the pool: the COPY, and the look-ups of the streams' stored
 * versions and last hashes while it runs.
 *
 * @example
 * ```ts
 * const { events, lastPosition } = await importEvents(pool, [{ streamId: 'dossier-1', events: legacyDossiers[0]!.events, expectedVersion: 'no_stream' }]);
 * ```
 */
export async function importEvents(pool: Pool, streams: Iterable<PgImportStream> | AsyncIterable<PgImportStream>, options: PgImportOptions = {}): Promise<PgImportResult> {
  return importWithEncoder(pool, streams, options, () => new CopyRowEncoder());
}

/**
 * {@link importEvents} with another row encoder (not exported by the package: `bench/import.bench.ts` runs the
 * session-7 string encoder through it, alternated with the byte encoder, in one process).
 */
export async function importWithEncoder(
  pool: Pool,
  streams: Iterable<PgImportStream> | AsyncIterable<PgImportStream>,
  options: PgImportOptions,
  newEncoder: () => RowEncoder,
): Promise<PgImportResult> {
  const schema = quoteSchema(options.schema ?? 'motcua');
  const lookupSize = options.lookupSize ?? 5000;
  if (!Number.isInteger(lookupSize) || lookupSize < 1)
    throw new ValidationError('Invalid import options', [{ code: 'invalid_value', path: ['lookupSize'], message: 'a positive integer' }]);
  let client: PoolClient;
  let lookup: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw mapPgError(error, 'Importing into PostgreSQL');
  }
  try {
    lookup = await pool.connect();
  } catch (error) {
    client.release();
    throw mapPgError(error, 'Importing into PostgreSQL');
  }
  guardClient(client);
  guardClient(lookup);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    // The append lock before the first write: this transaction's xid and positions come after every append before it and before every append after it.
    await client.query(`SELECT pg_advisory_xact_lock($1::int, 0)`, [appendLockClass(options.schema ?? 'motcua')]);
    const layout = await tableLayout(client, schema);
    const rebuild = options.indexes !== 'keep';
    const fresh = rebuild && layout.plain && layout.empty;
    // Partitioned: the key tables filled after the COPY, and into an empty table every index built after it too.
    const keys = rebuild && !layout.plain ? await keysAfterCopy(client, schema, layout.empty) : undefined;
    if (fresh) await dropUniqueIndexes(client, schema);
    const result = await copyImport(client, fresh || keys?.fresh ? undefined : lookup, schema, streams, lookupSize, options.onProgress, newEncoder());
    if (fresh) await restoreUniqueIndexes(client, schema);
    if (keys !== undefined) await fillKeyTables(client, schema, keys);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (cleanup) {
      broken = cleanup as Error;
    }
    if (pgCode(error) === '23505' && pgConstraint(error) === 'events_event_id')
      throw uniqueViolation('event_id', { streamId: '(import)', expected: 'any', actual: 0, cause: error });
    if (pgCode(error) === '23505' && pgConstraint(error) === 'events_stream_version') throw versionClash(streamOfDetail(error), 'any', 0);
    throw mapPgError(error, 'Importing into PostgreSQL');
  } finally {
    client.release(broken);
    lookup.release();
  }
}

const guarded = new WeakSet<PoolClient>();
/**
 * pg-pool drops its 'error' listener while a client is checked out: a connection dying mid-import (its server
 * backend terminated) must fail the import's query with `STORE_CONNECTION`, not crash the process with an
 * unhandled 'error' event (`test/import-kill.test.ts`).
 */
function guardClient(client: PoolClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  client.on('error', () => undefined);
}

/** Whether the events table is an ordinary (unpartitioned) one, and whether it holds nothing yet. */
async function tableLayout(client: PoolClient, schema: string): Promise<{ plain: boolean; empty: boolean }> {
  const { rows } = await client.query<{ plain: boolean; empty: boolean }>(
    `SELECT (SELECT relkind = 'r' FROM pg_class WHERE oid = $1::regclass) AS plain, NOT EXISTS (SELECT 1 FROM ${schema}.events) AS empty`,
    [`${schema}.events`],
  );
  return { plain: rows[0]?.plain === true, empty: rows[0]?.empty === true };
}

/**
 * Drop the unique constraints of the empty events table in the import's transaction (ACCESS EXCLUSIVE until
 * COMMIT: readers wait, appends wait on the append lock anyway). A rollback brings them back with the table.
 */
async function dropUniqueIndexes(client: PoolClient, schema: string): Promise<void> {
  await client.query(`LOCK TABLE ${schema}.events IN ACCESS EXCLUSIVE MODE`);
  await client.query(`ALTER TABLE ${schema}.events DROP CONSTRAINT events_stream_version, DROP CONSTRAINT events_event_id`);
}

/** Build the unique constraints again over everything COPY'd (a sort each, not an index insert per row); a duplicate fails the import (23505). */
async function restoreUniqueIndexes(client: PoolClient, schema: string): Promise<void> {
  await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  await client.query(`ALTER TABLE ${schema}.events ADD CONSTRAINT events_stream_version UNIQUE (stream_id, version), ADD CONSTRAINT events_event_id UNIQUE (event_id)`);
}

/** The stream named in a unique violation's detail (`Key (stream_id, version)=(…, 3) already exists.`). */
function streamOfDetail(error: unknown): string {
  const detail = (error as { detail?: unknown }).detail;
  const match = typeof detail === 'string' ? /=\((.*), \d+\)/.exec(detail) : null;
  return match?.[1] ?? '(import)';
}

/** The store's append-lock class for a schema (the same FNV-1a as `postgres-event-store.ts`). */
function appendLockClass(schema: string): number {
  const text = `motcua-append:${schema}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

interface Head {
  version: number;
  hash: string | null;
}

async function copyImport(
  client: PoolClient,
  /** Undefined: the table was empty when the import took the append lock, every stream starts at version 0. */
  lookup: PoolClient | undefined,
  schema: string,
  streams: Iterable<PgImportStream> | AsyncIterable<PgImportStream>,
  lookupSize: number,
  onProgress: ((events: number) => void) | undefined,
  encoder: RowEncoder,
): Promise<PgImportResult> {
  const heads = new Map<string, Head>();
  const seen = new Set<string>();
  let events = 0;
  let streamCount = 0;
  let pending: PgImportStream[] = [];
  // One COPY for the whole import: the server parses and indexes rows while the next ones are checked and hashed here.
  const copy = client.query(
    copyFrom(`COPY ${schema}.events (stream_id, version, type, event_id, data, metadata) FROM STDIN${encoder.format === 'binary' ? ' (FORMAT binary)' : ''}`),
  );
  let failed: Error | undefined;
  const done = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', (error: Error) => reject((failed ??= error)));
  });
  done.catch(() => undefined); // awaited below, or the import failed first
  const write = async (bytes: Buffer): Promise<void> => {
    // A connection that died between two writes: its error, not the stream's write on a closed socket (a TypeError).
    if (failed) throw failed;
    let more: boolean;
    try {
      more = copy.write(bytes);
    } catch (error) {
      throw failed ?? error;
    }
    if (!more) await Promise.race([new Promise((resolve) => copy.once('drain', resolve)), done]);
  };
  // One chunk: the stored heads of its new streams (one query on the second connection: their events were committed
  // before this transaction took the append lock, and nobody can add any until it commits), then its rows.
  const flush = async (): Promise<void> => {
    const unknown = [...new Set(pending.map((item) => item.streamId))].filter((id) => !heads.has(id));
    if (unknown.length > 0 && !lookup) for (const id of unknown) heads.set(id, { version: 0, hash: null });
    else if (unknown.length > 0 && lookup) {
      const { rows } = await lookup.query<{ stream_id: string; version: number; hash: string | null }>(
        `SELECT DISTINCT ON (stream_id) stream_id, version, metadata->>'hash' AS hash FROM ${schema}.events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version DESC`,
        [unknown],
      );
      const stored = new Map(rows.map((row) => [row.stream_id, { version: row.version, hash: row.hash }]));
      for (const id of unknown) heads.set(id, stored.get(id) ?? { version: 0, hash: null });
    }
    for (const item of pending) {
      const head = heads.get(item.streamId)!;
      const expected = item.expectedVersion ?? 'any';
      if (!checkExpectedVersion(expected, head.version)) throw versionClash(item.streamId, expected, head.version);
      if (item.events.length === 0) continue;
      // Checks, canonical JSON, the content digests and chain links of `integrity/chain.ts`, the COPY row bytes.
      head.hash = encoder.encode(item.streamId, item.events, head.version, head.hash, seen, expected).hash;
      head.version += item.events.length;
      events += item.events.length;
      if (encoder.length >= 1 << 20) await write(encoder.take());
    }
    if (encoder.length > 0) await write(encoder.take());
    pending = [];
    onProgress?.(events);
  };
  try {
    for await (const item of streams) {
      if (typeof item?.streamId !== 'string' || item.streamId === '' || !Array.isArray(item.events))
        throw new ValidationError('Invalid import stream', [{ code: 'invalid_type', path: ['streams', streamCount], message: 'a non-empty streamId and an array of events' }]);
      streamCount++;
      pending.push(item);
      if (pending.length >= lookupSize) await flush();
    }
    if (pending.length > 0) await flush();
    encoder.finish();
    await write(encoder.take());
  } catch (error) {
    copy.destroy(error as Error); // CopyFail: the server drops what was sent
    await done.catch(() => undefined);
    throw error;
  }
  copy.end();
  await done;
  const last = await client.query<{ last: string }>(`SELECT coalesce(max(position), 0) AS last FROM ${schema}.events`);
  return { streams: streamCount, events, lastPosition: events === 0 ? 0 : Number(last.rows[0]!.last) };
}
