import { ValidationError } from '@motcua/core';
import type { AppendManyOutcome, AppendRequest, AppendResult, EventMetadata, ExpectedVersion, NewEvent, StoredEvent } from '@motcua/core';
import { assertDistinctIds, batchDigests, frozenJsonCopy, retryResult, storedEvent, uniqueViolation, versionClash } from '@motcua/core/store-kit';
import type { PoolClient, QueryConfig } from 'pg';
import { pgCode, pgConstraint } from './errors';
import { toStoredEvent } from './rows';
import type { EventRow } from './rows';
import { serializeBatch } from './serialize';
import type { SerializedBatch } from './serialize';
import type { Statements } from './sql';

/** What an append needs from its store. */
export interface AppendContext {
  sql: Statements;
  /** The quoted schema name. */
  schema: string;
  /** Prepared-statement name prefix (one per schema). */
  prefix: string;
  streamLockClass: number;
  appendLockClass: number;
  /** The NOTIFY channel. */
  channel: string;
  /**
   * Where a group's NOTIFY goes: `'in-transaction'` always in the call; `'after-commit'` never (the store sends it);
   * `'auto'` in the call when no other call of this store is committing, else after the commit.
   */
  notify: 'after-commit' | 'in-transaction' | 'auto';
  /** Append calls (`append_batch`, `append_one`) of this store in flight now (for `'auto'`). */
  inFlight: number;
  /** This store object's id, in every notice (a store skips its own). */
  instance: string;
}

/** One request, serialised and digested before any round trip. */
export interface PreparedAppend {
  streamId: string;
  events: readonly NewEvent[];
  batch: SerializedBatch;
  expected: ExpectedVersion;
  digests: string[];
}

/** What a group of appends did, whether the read horizon passed them right after their COMMIT, and whether the call sent their NOTIFY. */
export interface GroupOutcome {
  outcomes: AppendManyOutcome[];
  readable: boolean;
  notified: boolean;
}

type Broken = PoolClient & { motcuaBroken?: Error };
type Row = [stream: string, status: 'ok' | 'seen' | 'conflict' | 'empty', position: string | null, version: number, hash: string | null, info: string | null, readable: boolean];

/**
 * Serialise a request (JSON, jsonb limits, distinct ids) and compute its
 * content digests; throws `ValidationError`/`DUPLICATE_EVENT` for this request.
 */
export function prepareAppend(request: AppendRequest): PreparedAppend {
  checkStreamId(request.streamId);
  const batch = serializeBatch(request.events);
  assertDistinctIds(batch.eventIds);
  return {
    streamId: request.streamId,
    events: request.events,
    batch,
    expected: request.options?.expectedVersion ?? 'any',
    digests: batchDigests(request.streamId, request.events),
  };
}

const EXPECTED_CODE = { any: -1, no_stream: -2, stream_exists: -3 } as const;

/**
 * The longest stream id PostgreSQL stores here, in UTF-8 bytes: every notice of an append carries its stream id, and a
 * NOTIFY payload must stay under 8,000 bytes; the `(stream_id, version)` index takes at most ~2,700 bytes per entry.
 */
export const MAX_STREAM_ID_BYTES = 2_000;

/**
 * A stream id this store can append to: at most {@link MAX_STREAM_ID_BYTES} bytes, also as JSON (a control
 * character takes 6). A longer one is refused alone, before any round trip — otherwise it would fail its whole
 * group's transaction (an oversized NOTIFY payload or index entry), or, with the NOTIFY after the commit, be stored
 * but never announced.
 */
function checkStreamId(streamId: string): void {
  const bytes = Math.max(Buffer.byteLength(streamId), Buffer.byteLength(JSON.stringify(streamId)) - 2);
  if (bytes > MAX_STREAM_ID_BYTES)
    throw new ValidationError('Invalid stream id', [
      { code: 'too_big', path: ['streamId'], message: `${bytes} bytes (UTF-8, as JSON): PostgreSQL takes stream ids of at most ${MAX_STREAM_ID_BYTES} bytes` },
    ]);
}

/**
 * Append requests on DISTINCT streams in ONE round trip: one call of the
 * server-side function `append_batch` (PG migrations 5–7, `append-function-6.ts`),
 * or of `append_one` for a lone request of one event (migration 8, `append-one.ts`),
 * in autocommit — one transaction, one commit. Per request: appended, a
 * recognised retry (its stored events, read afterwards), a version conflict.
 * A failure of the call (nothing of it committed) throws.
 *
 * @example
 * ```ts
 * import type { PoolClient } from 'pg';
 * declare const ctx: AppendContext, client: PoolClient, events: NewEvent[];
 * const { outcomes } = await appendGroup(ctx, client, [prepareAppend({ streamId: 'dossier-1', events })]);
 * ```
 */
export async function appendGroup(ctx: AppendContext, client: PoolClient, requests: readonly PreparedAppend[]): Promise<GroupOutcome> {
  // 'auto': a lone call notifies in its own transaction (no second transaction per append); with others committing, the notify lock would serialise their flushes.
  const notified = ctx.notify === 'in-transaction' || (ctx.notify === 'auto' && ctx.inFlight === 0);
  const lone = requests.length === 1 && requests[0]!.batch.eventIds.length === 1 ? requests[0]! : undefined;
  let rows: Row[];
  try {
    ctx.inFlight++;
    rows = (await client.query<Row>(lone ? oneQuery(ctx, lone, notified) : batchQuery(ctx, requests, notified))).rows;
  } catch (error) {
    ctx.inFlight--;
    // The function leaves the append lock held on an error (no subtransaction in the common path, migration 6): drop every advisory lock of this session (or the connection).
    try {
      await client.query('SELECT pg_advisory_unlock_all()');
    } catch (cleanup) {
      (client as Broken).motcuaBroken = cleanup as Error;
    }
    throw error;
  }
  ctx.inFlight--;
  const byStream = new Map<string, Row[]>();
  let readable = false;
  for (const row of rows) {
    readable = row[6];
    const list = byStream.get(row[0]);
    if (list) list.push(row);
    else byStream.set(row[0], [row]);
  }
  const outcomes: AppendManyOutcome[] = [];
  for (const request of requests) {
    try {
      outcomes.push({ ok: true, result: await resultOf(ctx, client, request, byStream.get(request.streamId) ?? []) });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  return { outcomes, readable, notified };
}

/** The expected version as both functions take it: a version, or -1 `any`, -2 `no_stream`, -3 `stream_exists`. */
const expectedCode = (expected: ExpectedVersion): number => (typeof expected === 'number' ? expected : EXPECTED_CODE[expected]);

/** The last four arguments of both functions: the lock classes, the NOTIFY channel (null: the store notifies after the commit) and the store's id. */
const callTail = (ctx: AppendContext, notified: boolean): unknown[] => [ctx.streamLockClass, ctx.appendLockClass, notified ? ctx.channel : null, ctx.instance];

/** The call of `append_one` (migration 8, `append-one.ts`) for a request of one event: scalar arguments, nothing to escape or unnest. */
function oneQuery(ctx: AppendContext, r: PreparedAppend, notified: boolean): QueryConfig {
  const { batch } = r;
  return {
    name: `${ctx.prefix}_append_one`,
    text: `SELECT * FROM ${ctx.schema}.append_one($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    values: [r.streamId, expectedCode(r.expected), batch.types[0], batch.eventIds[0], batch.data[0], batch.metadata[0], r.digests[0], ...callTail(ctx, notified)],
    rowMode: 'array',
  } as QueryConfig;
}

/** The call of `append_batch` (migrations 6–7): the requests as parallel arrays, the events of request k tagged k + 1. */
function batchQuery(ctx: AppendContext, requests: readonly PreparedAppend[], notified: boolean): QueryConfig {
  const flat = {
    streams: [] as string[],
    expected: [] as number[],
    counts: [] as number[],
    types: [] as string[],
    ids: [] as string[],
    data: [] as string[],
    metadata: [] as string[],
    digests: [] as string[],
    requests: [] as number[],
  };
  for (const [index, r] of requests.entries()) {
    for (let i = 0; i < r.batch.eventIds.length; i++) flat.requests.push(index + 1);
    flat.streams.push(r.streamId);
    flat.expected.push(expectedCode(r.expected));
    flat.counts.push(r.batch.eventIds.length);
    flat.types.push(...r.batch.types);
    flat.ids.push(...r.batch.eventIds);
    flat.data.push(...r.batch.data);
    flat.metadata.push(...r.batch.metadata);
    flat.digests.push(...r.digests);
  }
  return {
    name: `${ctx.prefix}_append_batch`,
    text: `SELECT * FROM ${ctx.schema}.append_batch($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int, $11::int, $12::text, $13::text)`,
    values: [flat.streams, flat.expected, flat.counts, flat.types, flat.ids, flat.data, flat.metadata, flat.digests, flat.requests, ...callTail(ctx, notified)],
    rowMode: 'array',
  } as QueryConfig;
}

/** One request's result from its rows (a retry reads its stored batch: only then a further round trip). */
async function resultOf(ctx: AppendContext, client: PoolClient, request: PreparedAppend, rows: Row[]): Promise<AppendResult> {
  const { streamId, batch, events } = request;
  const first = rows[0];
  if (!first) throw new Error(`the append call returned nothing for stream ${streamId}`);
  const [, status, , current, , info] = first;
  if (status === 'conflict') throw versionClash(streamId, request.expected, current);
  if (status === 'empty') return { streamId, nextExpectedVersion: current, lastPosition: Number(info), events: [], duplicate: false };
  if (status === 'seen') return retried(ctx, client, streamId, batch, JSON.parse(info!) as [string, string, number][], current);
  rows.sort((a, b) => a[3] - b[3]);
  // What a read would return (the JSON of what was written), deeply frozen, without parsing the text back.
  const stored: StoredEvent[] = rows.map((row, index) =>
    storedEvent(
      streamId,
      row[3],
      Number(row[2]),
      batch.types[index]!,
      frozenJsonCopy(events[index]!.data, index),
      Object.freeze({ ...(frozenJsonCopy(events[index]!.metadata, index) as EventMetadata), hash: row[4]! }),
    ),
  );
  const last = stored[stored.length - 1]!;
  return { streamId, nextExpectedVersion: last.version, lastPosition: last.position, events: stored, duplicate: false };
}

/**
 * The error of a single append whose call failed on a unique index (an event
 * id stored concurrently by another transaction), as the store reports it.
 */
export async function singleAppendError(ctx: AppendContext, client: PoolClient, request: PreparedAppend, error: unknown): Promise<unknown> {
  if (pgCode(error) !== '23505') return error;
  const constraint = pgConstraint(error);
  if (constraint === 'events_stream_version') {
    const actual = await client.query<{ current: number }>({ name: `${ctx.prefix}_stream_version`, text: ctx.sql.streamVersion, values: [request.streamId] } as QueryConfig);
    return uniqueViolation('stream_version', { streamId: request.streamId, expected: request.expected, actual: actual.rows[0]!.current });
  }
  return uniqueViolation('event_id', { streamId: request.streamId, expected: request.expected, actual: 0, cause: error });
}

/** The batch's first id is stored: the stored batch (an idempotent retry) or `DUPLICATE_EVENT`. */
async function retried(ctx: AppendContext, client: PoolClient, streamId: string, batch: SerializedBatch, seen: [string, string, number][], current: number): Promise<AppendResult> {
  const [, seenStream, seenVersion] = seen.find(([id]) => id === batch.eventIds[0]) ?? ['', '', 0];
  if (seenVersion === 0 || seen.length !== batch.eventIds.length) {
    const [id, stream, version] = seen[0]!;
    throw uniqueViolation('event_id', { streamId, expected: 'any', actual: 0, eventId: `${id} (stored in ${stream} at version ${version})` });
  }
  const { rows } = await client.query<[...EventRow, number]>({
    name: `${ctx.prefix}_readStream`,
    text: ctx.sql.readStream,
    values: [seenStream, seenVersion, seenVersion + batch.eventIds.length - 1],
    rowMode: 'array',
  } as QueryConfig);
  const stored = rows.filter((r) => r[0] != null).map((r) => toStoredEvent(r as unknown as EventRow));
  return retryResult(streamId, batch.eventIds, { streamId: seenStream, version: seenVersion }, stored, current);
}
