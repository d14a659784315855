import type { ClaimOptions, FailureRecord, OutboxCounts, OutboxMessage, OutboxQuery, OutboxStatus, OutboxStore } from '@motcua/core';
import type { Pool, PoolClient } from 'pg';
import { mapPgError } from './errors';
import { quoteSchema } from './schema';

/** Options of {@link createPostgresOutboxStore}. */
export interface PostgresOutboxOptions {
  /** The event store's schema (default `motcua`): tables `outbox` and `outbox_cursors` (schema version 3) live there. */
  schema?: string;
}

interface Row {
  id: string;
  destination: string;
  stream_id: string;
  position: string | number;
  idx: number;
  event_type: string;
  kind: string;
  payload: unknown;
  created_at: string;
  attempts: number;
  status: OutboxStatus;
  next_attempt_at: string;
  last_error: string | null;
  delivered_at: string | null;
}

/** Thrown inside the materialising transaction when the cursor is not at `from` (rolled back, never seen by callers). */
const CURSOR_MOVED = Symbol('cursor moved');

const COLUMNS = 'id, destination, stream_id, position, idx, event_type, kind, payload, created_at, attempts, status, next_attempt_at, last_error, delivered_at';

function fromRow(row: Row): OutboxMessage {
  return {
    id: row.id,
    destination: row.destination,
    streamId: row.stream_id,
    position: Number(row.position),
    index: row.idx,
    eventType: row.event_type,
    kind: row.kind,
    payload: row.payload,
    createdAt: row.created_at,
    attempts: row.attempts,
    status: row.status,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
  };
}

/**
 * The outbox (hộp thư đi) in the event store's PostgreSQL schema (tables
 * `outbox` and `outbox_cursors`, schema version 3). Claims lease messages with
 * `FOR UPDATE SKIP LOCKED`, so several relays (processes, machines) can run
 * at once and never hold the same message; the cursor moves by
 * compare-and-set in the transaction that inserts the messages
 * (docs/integration.md, "Outbox"). Instants are stored as ISO-8601 UTC text.
 *
 * @example
 * ```ts
 * const store = await createPostgresEventStore({ pool, schema: 'motcua' });
 * const outbox = createPostgresOutboxStore(pool, { schema: 'motcua' });
 * const relay = createOutboxRelay({ log: store, outbox, routes: [], transports: {} });
 * await relay.pump();
 * ```
 */
export function createPostgresOutboxStore(pool: Pool, options: PostgresOutboxOptions = {}): OutboxStore {
  const schema = quoteSchema(options.schema ?? 'motcua');
  const table = `${schema}.outbox`;
  const cursors = `${schema}.outbox_cursors`;
  const query = async <R extends object>(what: string, text: string, values: unknown[] = [], client: Pool | PoolClient = pool) => {
    try {
      return await client.query<R>(text, values);
    } catch (error) {
      throw mapPgError(error, `PostgreSQL outbox: ${what}`);
    }
  };
  const inTransaction = async <T>(what: string, fn: (client: PoolClient) => Promise<T>): Promise<T> => {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw mapPgError(error, `PostgreSQL outbox: ${what}`);
    }
    let broken = false;
    try {
      await query(what, 'BEGIN', [], client);
      const result = await fn(client);
      await query(what, 'COMMIT', [], client);
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  };

  const failOne = async (id: string, owner: string, record: FailureRecord): Promise<void> => {
    await query(
      'recording a failed attempt',
      `UPDATE ${table} SET status = $3, attempts = attempts + 1, last_error = $4, next_attempt_at = $5, lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2 AND status = 'pending'`,
      [id, owner, record.status, record.error, record.nextAttemptAt],
    );
  };

  let inserted = 0;
  let analyzeAt = 1_000;
  const writeMessages = (name: string, from: number, to: number, messages: readonly OutboxMessage[]): Promise<boolean> =>
    inTransaction('materialising messages', async (client): Promise<boolean> => {
      await query('materialising messages', `INSERT INTO ${cursors} (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [name], client);
      const moved = await query('materialising messages', `UPDATE ${cursors} SET position = $3 WHERE name = $1 AND position = $2`, [name, from, to], client);
      if (moved.rowCount !== 1) throw CURSOR_MOVED; // another relay moved it: roll back, write nothing
      if (messages.length > 0) {
        const records = messages.map((m) => ({
          id: m.id,
          destination: m.destination,
          stream_id: m.streamId,
          position: m.position,
          idx: m.index,
          event_type: m.eventType,
          kind: m.kind,
          payload: m.payload ?? null,
          created_at: m.createdAt,
          attempts: m.attempts,
          status: m.status,
          next_attempt_at: m.nextAttemptAt,
          last_error: m.lastError ?? null,
          delivered_at: m.deliveredAt ?? null,
        }));
        await query(
          'materialising messages',
          `INSERT INTO ${table} (${COLUMNS})
           SELECT ${COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS x(id text, destination text, stream_id text, position bigint, idx integer,
             event_type text, kind text, payload jsonb, created_at text, attempts integer, status text, next_attempt_at text, last_error text, delivered_at text)
           ON CONFLICT (id) DO NOTHING`,
          [JSON.stringify(records)],
          client,
        );
      }
      return true;
    }).catch((error: unknown) => {
      if (error === CURSOR_MOVED) return false;
      throw error;
    });

  return {
    async cursor(name) {
      const { rows } = await query<{ position: string }>('reading the cursor', `SELECT position FROM ${cursors} WHERE name = $1`, [name]);
      return rows[0] ? Number(rows[0].position) : 0;
    },
    materialise: (name, from, to, messages) =>
      writeMessages(name, from, to, messages).then(async (written) => {
        inserted += written ? messages.length : 0;
        if (inserted >= analyzeAt) {
          // the claim's plan (an ordered index scan that stops after `limit` queue heads) needs fresh statistics
          // after a bulk insert; autovacuum comes later. Doubling thresholds, like autovacuum's scale factor.
          analyzeAt = inserted * 2;
          await pool.query(`ANALYZE ${table}`).catch(() => undefined);
        }
        return written;
      }),
    async claim(claim: ClaimOptions) {
      const { rows } = await query<Row>(
        'claiming messages',
        `WITH due AS (
           SELECT o.id FROM ${table} o
            WHERE o.status = 'pending' AND o.next_attempt_at <= $1 AND (o.lease_until IS NULL OR o.lease_until <= $1)
              AND (o.position, o.idx) = (SELECT p.position, p.idx FROM ${table} p
                                          WHERE p.destination = o.destination AND p.stream_id = o.stream_id AND p.status IN ('pending', 'dead')
                                          ORDER BY p.position, p.idx LIMIT 1)
            ORDER BY o.position, o.idx
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
         UPDATE ${table} o SET lease_owner = $3, lease_until = $4 FROM due WHERE o.id = due.id
         RETURNING ${COLUMNS.split(', ')
           .map((c) => `o.${c}`)
           .join(', ')}`,
        [claim.now, claim.limit, claim.owner, claim.leaseUntil],
      );
      return rows.map(fromRow).sort((a, b) => a.position - b.position || a.index - b.index);
    },
    async delivered(id, _owner, at) {
      await query(
        'marking a message delivered',
        `UPDATE ${table} SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND status <> 'delivered'`,
        [id, at],
      );
    },
    fail: failOne,
    async settle(outcomes) {
      const delivered = outcomes.filter((o) => 'deliveredAt' in o) as { id: string; deliveredAt: string }[];
      const failed = outcomes.filter((o) => 'failure' in o) as { id: string; owner: string; failure: FailureRecord }[];
      if (delivered.length > 0)
        await query(
          'marking messages delivered',
          `UPDATE ${table} o SET status = 'delivered', attempts = o.attempts + 1, delivered_at = x.at, lease_owner = NULL, lease_until = NULL
             FROM unnest($1::text[], $2::text[]) AS x(id, at) WHERE o.id = x.id AND o.status <> 'delivered'`,
          [delivered.map((o) => o.id), delivered.map((o) => o.deliveredAt)],
        );
      for (const o of failed) await failOne(o.id, o.owner, o.failure);
    },
    async get(id) {
      const { rows } = await query<Row>('reading a message', `SELECT ${COLUMNS} FROM ${table} WHERE id = $1`, [id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async list(filter: OutboxQuery = {}) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (column: string, value: unknown) => {
        values.push(value);
        where.push(`${column} = $${values.length}`);
      };
      if (filter.status !== undefined) add('status', filter.status);
      if (filter.destination !== undefined) add('destination', filter.destination);
      if (filter.streamId !== undefined) add('stream_id', filter.streamId);
      values.push(filter.limit ?? 1_000);
      const { rows } = await query<Row>(
        'listing messages',
        `SELECT ${COLUMNS} FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY position, idx LIMIT $${values.length}`,
        values,
      );
      return rows.map(fromRow);
    },
    async revive(id, now) {
      const result = await query(
        'retrying a dead letter',
        `UPDATE ${table} SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND status = 'dead'`,
        [id, now],
      );
      return result.rowCount === 1;
    },
    async skip(id) {
      const result = await query('skipping a dead letter', `UPDATE ${table} SET status = 'skipped' WHERE id = $1 AND status = 'dead'`, [id]);
      return result.rowCount === 1;
    },
    async prune(before, limit) {
      const result = await query(
        'pruning finished messages',
        `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table}
          WHERE (status = 'delivered' AND delivered_at < $1) OR (status = 'skipped' AND created_at < $1)
          ORDER BY position, idx LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [before, limit],
      );
      return result.rowCount ?? 0;
    },
    async counts() {
      const { rows } = await query<{ status: OutboxStatus; n: string; oldest: string | null }>(
        'counting messages',
        `SELECT status, count(*) AS n, min(created_at) AS oldest FROM ${table} GROUP BY status`,
      );
      const counts: OutboxCounts = { pending: 0, delivered: 0, dead: 0, skipped: 0 };
      for (const row of rows) {
        counts[row.status] = Number(row.n);
        if (row.status === 'pending' && row.oldest !== null) counts.oldestPendingAt = row.oldest;
      }
      return counts;
    },
  };
}
