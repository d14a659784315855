import type { AppendResult, EventMetadata, ExpectedVersion, NewEvent, StoredEvent } from '@motcua/core';
import {
  batchDigests,
  chainHashes,
  checkExpectedVersion,
  frozenJsonCopy,
  metadataJsonWithHash,
  retryResult,
  storedEvent,
  uniqueViolation,
  versionClash,
} from '@motcua/core/store-kit';
import type { PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { pgCode, pgConstraint } from './errors';
import { toStoredEvent } from './rows';
import type { EventRow } from './rows';
import type { SerializedBatch } from './serialize';
import type { Statements } from './sql';

/** What an append needs from its store. */
export interface AppendContext {
  sql: Statements;
  /** Prepared-statement name prefix (one per schema). */
  prefix: string;
  streamLockClass: number;
  appendLockClass: number;
  /** `pg_notify` inside the transaction: `[channel, payload(first, last)]`; else undefined. */
  notifyInTransaction: ((streamId: string, first: number, last: number) => [string, string]) | undefined;
}

/** A finished append, and whether the read horizon had passed it right after its COMMIT. */
export interface AppendOutcome {
  result: AppendResult;
  readable: boolean;
}

type Broken = PoolClient & { motcuaBroken?: Error };

/**
 * Append in one READ COMMITTED transaction, every value a bind parameter:
 * BEGIN; the per-stream lock; then (a later statement, so a fresh snapshot)
 * the stream's version and the batch's ids already stored; the critical
 * section (append lock, insert, unlock) in one statement; COMMIT and the
 * oldest open transaction in one round trip.
 */
export async function appendWith(
  ctx: AppendContext,
  client: PoolClient,
  streamId: string,
  batch: SerializedBatch,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendOutcome> {
  const run = <R extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<QueryResult<R>> =>
    client.query<R>({ name: `${ctx.prefix}_${name}`, text, values } as QueryConfig);
  let sectionTried = false;
  // The hash chain's costly part (canonical JSON, SHA-256) before the first round trip; the links after the check.
  const digests = batchDigests(streamId, events);
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await run('stream_lock', ctx.sql.streamLock, [ctx.streamLockClass, streamId]);
    const checked = await run<{ current: number; head_hash: string | null; seen: [string, string, number][] | null }>('check', ctx.sql.check, [streamId, batch.eventIds]);
    const { current, head_hash, seen } = checked.rows[0]!;
    if (seen && seen.length > 0) {
      const result = await retried(ctx, client, streamId, batch, seen, current);
      await client.query('COMMIT');
      return { result, readable: false };
    }
    if (!checkExpectedVersion(expected, current)) throw versionClash(streamId, expected, current);
    if (batch.eventIds.length === 0) {
      const head = await client.query<[string]>({ text: ctx.sql.head, rowMode: 'array' } as QueryConfig); // same client: never wait on the pool while holding one
      await client.query('COMMIT');
      return { result: { streamId, nextExpectedVersion: current, lastPosition: Number(head.rows[0]![0]), events: [], duplicate: false }, readable: false };
    }
    const hashes = chainHashes(digests, current, head_hash);
    sectionTried = true;
    const inserted = (
      await run<{ position: string; version: number; xid: string }>('append_section', ctx.sql.appendSection, [
        streamId,
        current,
        batch.types,
        batch.eventIds,
        batch.data,
        batch.metadata.map((m, i) => metadataJsonWithHash(m, hashes[i]!)),
        ctx.appendLockClass,
      ])
    ).rows;
    sectionTried = false;
    const first = Number(inserted[0]!.position);
    const last = Number(inserted[inserted.length - 1]!.position);
    const notice = ctx.notifyInTransaction?.(streamId, first, last);
    if (notice) await run('notify', ctx.sql.notify, notice);
    const done = (await client.query(ctx.sql.commitAndXmin)) as unknown as { rows: { xmin: string }[] }[];
    const readable = BigInt(inserted[0]!.xid) < BigInt(done[1]!.rows[0]!.xmin);
    // What a read would return (the JSON of what was written), deeply frozen, without parsing the text back.
    const stored: StoredEvent[] = inserted.map((row, index) =>
      storedEvent(
        streamId,
        row.version,
        Number(row.position),
        batch.types[index]!,
        frozenJsonCopy(events[index]!.data, index),
        Object.freeze({ ...(frozenJsonCopy(events[index]!.metadata, index) as EventMetadata), hash: hashes[index]! }),
      ),
    );
    return { result: { streamId, nextExpectedVersion: current + stored.length, lastPosition: last, events: stored, duplicate: false }, readable };
  } catch (error) {
    try {
      await client.query('ROLLBACK');
      // the section statement failed: its lock may still be held by this session
      if (sectionTried) await run('append_unlock', ctx.sql.appendUnlock, [ctx.appendLockClass]);
    } catch (cleanup) {
      (client as Broken).motcuaBroken = cleanup as Error;
      throw error;
    }
    if (pgCode(error) === '23505') {
      const constraint = pgConstraint(error);
      if (constraint === 'events_event_id') throw uniqueViolation('event_id', { streamId, expected, actual: 0, cause: error });
      if (constraint === 'events_stream_version') {
        const actual = await run<{ current: number }>('stream_version', ctx.sql.streamVersion, [streamId]);
        throw uniqueViolation('stream_version', { streamId, expected, actual: actual.rows[0]!.current });
      }
    }
    throw error;
  }
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
