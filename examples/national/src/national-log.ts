/**
 * Reading the replicated provincial logs on the national server, and the
 * national reports over their union.
 *
 * One province is read in the order its rows were applied on the national
 * server: by the national transaction that applied them (`national_xid`; one
 * apply worker per subscription applies the province's transactions one
 * after the other, in the province's commit order), then by provincial
 * position inside it (the initial copy of a province's existing history is
 * one national transaction: its rows come in provincial position order). Only
 * rows below the national xid8 horizon are read, so a transaction still being
 * applied is never skipped. The
 * provinces are merged by business time (`occurredAt`): a k-way merge that
 * takes the earliest head among the provinces and never reorders a province's
 * own events.
 */
import type { StoredEvent } from '@motcua/core';
import { eventFromJsonRow } from '@motcua/core/store-kit';
import type pg from 'pg';

/** One replicated event and where it arrived. */
export interface NationalEvent {
  province: string;
  /** The national transaction that applied it (its 64-bit xid, as text); increasing in the province's commit order. */
  nationalXid: string;
  /** The event as the province stored it (its `position` is the provincial one). */
  event: StoredEvent;
}

type Row = [nationalXid: string, position: string, streamId: string, version: number, type: string, data: string, metadata: string];

/**
 * Every readable event of one province on the national server, after the checkpoint `after` (the last
 * event read: its national transaction and provincial position), in applied order.
 *
 * @example
 * ```ts nocheck
 * for await (const batch of readProvince(nationalPool, 'lang_son')) for (const e of batch) apply(e.event);
 * ```
 */
export async function* readProvince(
  pool: pg.Pool,
  province: string,
  options: { after?: { nationalXid: string; position: number }; batchSize?: number } = {},
): AsyncIterable<NationalEvent[]> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(province)) throw new Error(`not a plain identifier: ${JSON.stringify(province)}`);
  const batchSize = options.batchSize ?? 2_000;
  let after = options.after ?? { nationalXid: '0', position: 0 };
  // the text column gets its own name: ORDER BY national_xid must sort the bigint, not the output text
  const text = `SELECT national_xid::text AS xid_text, position, stream_id, version, type, data::text, metadata::text FROM "${province}".events
    WHERE (national_xid, position) > ($1::bigint, $2::bigint) AND national_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
    ORDER BY national_xid, position LIMIT $3`;
  for (;;) {
    const { rows } = await pool.query<Row>({ text, values: [after.nationalXid, after.position, batchSize], rowMode: 'array' } as pg.QueryConfig);
    if (rows.length === 0) return;
    yield rows.map((r) => ({ province, nationalXid: r[0], event: eventFromJsonRow(Number(r[1]), r[2], r[3], r[4], r[5], r[6]) }));
    const last = rows[rows.length - 1]!;
    after = { nationalXid: last[0], position: Number(last[1]) };
    if (rows.length < batchSize) return;
  }
}

/**
 * Merge several provinces' event sequences by `metadata.occurredAt` (canonical
 * instants compare as text), ties by the order of `sources`; each source's own
 * order is kept whatever its timestamps.
 *
 * @example
 * ```ts nocheck
 * for await (const e of mergeByTime([readProvince(pool, 'lang_son'), readProvince(pool, 'ha_noi')])) apply(e.event);
 * ```
 */
export async function* mergeByTime(sources: AsyncIterable<NationalEvent[]>[]): AsyncIterable<NationalEvent> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const buffers: NationalEvent[][] = sources.map(() => []);
  const cursor: number[] = sources.map(() => 0);
  const done: boolean[] = sources.map(() => false);
  const fill = async (i: number): Promise<void> => {
    while (!done[i] && cursor[i]! >= buffers[i]!.length) {
      const next = await iterators[i]!.next();
      if (next.done) done[i] = true;
      else {
        buffers[i] = next.value;
        cursor[i] = 0;
      }
    }
  };
  for (;;) {
    let best = -1;
    let bestAt = '';
    for (let i = 0; i < iterators.length; i++) {
      await fill(i);
      if (done[i]) continue;
      const at = buffers[i]![cursor[i]!]!.event.metadata.occurredAt;
      if (best === -1 || at < bestAt) {
        best = i;
        bestAt = at;
      }
    }
    if (best === -1) return;
    yield buffers[best]![cursor[best]!++]!;
  }
}
