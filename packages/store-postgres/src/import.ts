/**
 * Historical import into PostgreSQL through `COPY … FROM STDIN`: whole
 * histories (e.g. a province's older system, or a SQLite file moving to the
 * server) written at COPY speed, with the same per-stream hash chain as
 * `append` and the same global ordering guarantees (see `copyImport`).
 */
import { type ExpectedVersion, type NewEvent, ValidationError } from '@motcua/core';
import * as crypto from 'node:crypto';
import {
  canonicalJson,
  chainHashes,
  checkEventId,
  checkExpectedVersion,
  checkType,
  eventJson,
  metadataJsonWithHash,
  metadataWithoutHash,
  uniqueViolation,
  versionClash,
} from '@motcua/core/store-kit';
import type { Pool, PoolClient } from 'pg';
import { mapPgError, pgCode, pgConstraint } from './errors';
import { ImportLanes } from './import-lanes';
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
   * `'keep'`: always insert through the indexes. A table that already holds events always keeps them.
   */
  indexes?: 'rebuild' | 'keep';
  /**
   * Server connections that ingest the rows (default 1: one COPY stream on the import's connection). With 2, a share
   * of the rows (`stagedShare`) is parsed by a second connection into unlogged staging tables that the import's
   * transaction inserts in order, so two server backends work at once (`import-lanes.ts`). Both write every event in
   * the import's one transaction: the same rows, positions and hashes. 2 pays only where a core is idle: the staged
   * rows cost more server CPU in total (docs/performance.md, "Session 7: PostgreSQL COPY import").
   */
  connections?: 1 | 2;
  /** With 2 connections: the share of the events staged by the second one (0…1, default 0.5). */
  stagedShare?: number;
  /** With 2 connections: events per segment (default 25,000). */
  segmentEvents?: number;
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

/** jsonb cannot hold `\u0000` (as `serialize.ts`). */
const noNul = (json: string): string | undefined => (json.includes('\\u0000') ? 'PostgreSQL jsonb cannot store the character U+0000' : undefined);

/** SHA-256 hex of UTF-8 text (the one-shot `crypto.hash` where Node has it, as `integrity/chain.ts`). */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256 = oneShot ? (text: string): string => oneShot('sha256', text, 'hex') : (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/**
 * The canonical JSON of an event's data or metadata (without `hash`), checked as `eventJson` checks it: the same
 * text serves as the row's jsonb input (jsonb keeps no key order, so the stored value is what `JSON.stringify`'s text
 * would give) and inside the content digest — one serialisation per field instead of two. A value that does not
 * serialise, or holds U+0000, gets `eventJson`'s typed error.
 */
function canonicalField(value: unknown, index: number, field: string): string {
  let text: string | undefined;
  try {
    text = canonicalJson(value);
  } catch {
    text = undefined;
  }
  if (text === undefined || noNul(text) !== undefined) return eventJson(value, index, field, noNul); // throws the typed error
  return text;
}

/** COPY text format: backslash, tab, newline and carriage return escaped. */
const SPECIAL = /[\\\t\n\r]/;
function copyText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
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
 * connections from the pool: the import's transaction, and the look-ups of the
 * streams' stored versions and last hashes while it runs; with
 * `connections: 2` a third, the helper that parses a share of the rows into
 * staging tables (`import-lanes.ts`) — every row still enters `events` in the
 * import's one transaction, in the order given. A failure drops the staging
 * tables with the rest; a process killed mid-import can leave some behind
 * (`import_stage_*`, unlogged, no events the store reads), never a partial import.
 *
 * @example
 * ```ts
 * const { events, lastPosition } = await importEvents(pool, [{ streamId: 'dossier-1', events: legacyDossiers[0]!.events, expectedVersion: 'no_stream' }]);
 * ```
 */
export async function importEvents(pool: Pool, streams: Iterable<PgImportStream> | AsyncIterable<PgImportStream>, options: PgImportOptions = {}): Promise<PgImportResult> {
  const schema = quoteSchema(options.schema ?? 'motcua');
  const lookupSize = options.lookupSize ?? 5000;
  if (!Number.isInteger(lookupSize) || lookupSize < 1)
    throw new ValidationError('Invalid import options', [{ code: 'invalid_value', path: ['lookupSize'], message: 'a positive integer' }]);
  const connections = options.connections ?? 1;
  if (connections !== 1 && connections !== 2) throw new ValidationError('Invalid import options', [{ code: 'invalid_value', path: ['connections'], message: '1 or 2' }]);
  const share = options.stagedShare ?? 0.5;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1))
    throw new ValidationError('Invalid import options', [{ code: 'invalid_value', path: ['stagedShare'], message: 'a number from 0 to 1' }]);
  const segmentEvents = options.segmentEvents ?? 25_000;
  if (!Number.isInteger(segmentEvents) || segmentEvents < 1)
    throw new ValidationError('Invalid import options', [{ code: 'invalid_value', path: ['segmentEvents'], message: 'a positive integer' }]);
  const held: PoolClient[] = [];
  try {
    for (let i = 0; i < (connections === 2 && share > 0 ? 3 : 2); i++) held.push(await pool.connect());
  } catch (error) {
    for (const connection of held) connection.release();
    throw mapPgError(error, 'Importing into PostgreSQL');
  }
  for (const connection of held) guardClient(connection);
  const [client, lookup, helper] = held as [PoolClient, PoolClient, PoolClient | undefined];
  const broken = new Map<PoolClient, Error>();
  let lanes: ImportLanes | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    // The append lock before the first write: this transaction's xid and positions come after every append before it and before every append after it.
    await client.query(`SELECT pg_advisory_xact_lock($1::int, 0)`, [appendLockClass(options.schema ?? 'motcua')]);
    const fresh = options.indexes !== 'keep' && (await emptyPlainTable(client, schema));
    if (fresh) await dropUniqueIndexes(client, schema);
    lanes = new ImportLanes({ main: client, ...(helper ? { helper } : {}), schema, segmentEvents, stagedShare: share });
    const result = await copyImport(client, fresh ? undefined : lookup, lanes, schema, streams, lookupSize, options.onProgress);
    if (fresh) await restoreUniqueIndexes(client, schema);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (cleanup) {
      broken.set(client, cleanup as Error);
    }
    if (pgCode(error) === '23505' && pgConstraint(error) === 'events_event_id')
      throw uniqueViolation('event_id', { streamId: '(import)', expected: 'any', actual: 0, cause: error });
    if (pgCode(error) === '23505' && pgConstraint(error) === 'events_stream_version') throw versionClash(streamOfDetail(error), 'any', 0);
    throw mapPgError(error, 'Importing into PostgreSQL');
  } finally {
    if (helper && lanes && lanes.stagingTables.length > 0) await dropStagingTables(pool, helper, schema, lanes.stagingTables, broken);
    for (const connection of held) connection.release(broken.get(connection));
  }
}

const guarded = new WeakSet<PoolClient>();
/** pg-pool drops its 'error' listener while a client is checked out: a connection dying mid-import must fail the import's query, not crash the process. */
function guardClient(client: PoolClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  client.on('error', () => undefined);
}

/**
 * Drop the staging tables once the import's transaction has ended (its reads of them held their locks until then), on
 * the helper connection (its own transaction rolled back first if a failure left it open), else on a fresh one.
 */
async function dropStagingTables(pool: Pool, helper: PoolClient, schema: string, tables: readonly string[], broken: Map<PoolClient, Error>): Promise<void> {
  const sql = `DROP TABLE IF EXISTS ${tables.map((table) => `${schema}.${table}`).join(', ')}`;
  try {
    await helper.query('ROLLBACK');
    await helper.query(sql);
    return;
  } catch (error) {
    broken.set(helper, error as Error);
  }
  await pool.query(sql).catch(() => undefined); // the server is gone: unlogged tables, emptied by its recovery
}

/** Nothing stored yet in an ordinary (unpartitioned) events table: the import may build its unique indexes after the COPY. */
async function emptyPlainTable(client: PoolClient, schema: string): Promise<boolean> {
  const { rows } = await client.query<{ fresh: boolean }>(
    `SELECT (SELECT relkind = 'r' FROM pg_class WHERE oid = $1::regclass) AND NOT EXISTS (SELECT 1 FROM ${schema}.events) AS fresh`,
    [`${schema}.events`],
  );
  return rows[0]?.fresh === true;
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
  /** Where the rows go: one COPY on `client`, or segments on two connections (`import-lanes.ts`). */
  lanes: ImportLanes,
  schema: string,
  streams: Iterable<PgImportStream> | AsyncIterable<PgImportStream>,
  lookupSize: number,
  onProgress: ((events: number) => void) | undefined,
): Promise<PgImportResult> {
  const heads = new Map<string, Head>();
  const seen = new Set<string>();
  let events = 0;
  let streamCount = 0;
  let pending: PgImportStream[] = [];
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
      // The content digest of `integrity/chain.ts` (SHA-256 of canonicalJson([streamId, type, data, metadata without hash])), written from the row's own texts.
      const quotedStream = canonicalJson(item.streamId);
      const n = item.events.length;
      const types = new Array<string>(n);
      const datas = new Array<string>(n);
      const metas = new Array<string>(n);
      const digests = new Array<string>(n);
      const ids = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const event = item.events[i]!;
        ids[i] = checkEventId(event, i);
        types[i] = checkType(event, i);
        datas[i] = canonicalField(event.data, i, 'data');
        metas[i] = canonicalField(metadataWithoutHash(event.metadata), i, 'metadata');
        digests[i] = sha256(`[${quotedStream},${canonicalJson(types[i])},${datas[i]},${metas[i]}]`);
      }
      const hashes = chainHashes(digests, head.version, head.hash);
      const streamId = copyText(item.streamId);
      for (let i = 0; i < n; i++) {
        const eventId = ids[i]!;
        if (seen.has(eventId)) throw uniqueViolation('event_id', { streamId: item.streamId, expected, actual: head.version, eventId });
        seen.add(eventId);
        const metadata = metadataJsonWithHash(metas[i]!, hashes[i]!);
        lanes.add(`${streamId}\t${head.version + i + 1}\t${copyText(types[i]!)}\t${copyText(eventId)}\t${copyText(datas[i]!)}\t${copyText(metadata)}\n`);
      }
      head.version += item.events.length;
      head.hash = hashes[hashes.length - 1]!;
      events += item.events.length;
      await lanes.room();
    }
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
  } catch (error) {
    await lanes.abort(error as Error); // a COPY in flight gets CopyFail: the server drops what was sent
    throw error;
  }
  await lanes.finish();
  const last = await client.query<{ last: string }>(`SELECT coalesce(max(position), 0) AS last FROM ${schema}.events`);
  return { streams: streamCount, events, lastPosition: events === 0 ? 0 : Number(last.rows[0]!.last) };
}
