import type { ClaimOptions, FailureRecord, OutboxCounts, OutboxMessage, OutboxQuery, OutboxStatus, OutboxStore } from '@motcua/core';
import { retryBusy } from './busy';
import type { SqliteDatabase, SqliteStatement } from './driver';
import { wrapDriverError } from './errors';

/** Options of {@link createSqliteOutboxStore}. */
export interface SqliteOutboxOptions {
  /** How long to keep retrying while another process holds the file's write lock, in ms (default 5,000). */
  lockTimeoutMs?: number;
}

interface Row {
  id: string;
  destination: string;
  stream_id: string;
  position: number;
  idx: number;
  event_type: string;
  kind: string;
  payload: string;
  created_at: string;
  attempts: number;
  status: OutboxStatus;
  next_attempt_at: string;
  last_error: string | null;
  delivered_at: string | null;
}

const COLUMNS = 'id, destination, stream_id, position, idx, event_type, kind, payload, created_at, attempts, status, next_attempt_at, last_error, delivered_at';

function fromRow(row: Row): OutboxMessage {
  return {
    id: row.id,
    destination: row.destination,
    streamId: row.stream_id,
    position: row.position,
    index: row.idx,
    eventType: row.event_type,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    createdAt: row.created_at,
    attempts: row.attempts,
    status: row.status,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
  };
}

/**
 * The outbox (hộp thư đi) in the event store's own SQLite file: tables
 * `motcua_outbox` and `motcua_outbox_cursors` (schema version 3). Each method
 * is one `BEGIN IMMEDIATE` transaction, so relays in several processes on the
 * same file never hold the same message (docs/integration.md, "Outbox").
 *
 * @example
 * ```ts
 * const store = await createSqliteEventStore({ filename: 'motcua.db' });
 * const relay = createOutboxRelay({ log: store, outbox: createSqliteOutboxStore(store), routes: [], transports: {} });
 * await relay.pump();
 * ```
 */
export function createSqliteOutboxStore(source: { readonly db: SqliteDatabase } | SqliteDatabase, options: SqliteOutboxOptions = {}): OutboxStore {
  const db: SqliteDatabase = 'prepare' in source ? source : source.db;
  const lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
  const typed = (what: string, error: unknown): unknown => wrapDriverError(error, `SQLite outbox: ${what}`, db);
  let sql: ReturnType<typeof statementsOf>;
  try {
    sql = statementsOf(db);
  } catch (error) {
    throw typed('preparing its statements', error);
  }
  const listStatements = new Map<string, SqliteStatement>();

  /** `fn` in one write transaction (or inside the caller's, e.g. the store's `batch`); driver errors typed. */
  const write = <T>(what: string, fn: () => T): Promise<T> =>
    retryBusy(() => {
      if (db.inTransaction) return fn();
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = fn();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        try {
          if (db.open && db.inTransaction) db.exec('ROLLBACK');
        } catch {
          // SQLite ends the transaction itself when it cannot roll it back.
        }
        throw error;
      }
    }, lockTimeoutMs).catch((error: unknown) => {
      throw typed(what, error);
    });
  const read = <T>(what: string, fn: () => T): Promise<T> =>
    retryBusy(fn, lockTimeoutMs).catch((error: unknown) => {
      throw typed(what, error);
    });
  const cursorOf = (name: string): number => (sql.cursor.get(name) as { position: number } | undefined)?.position ?? 0;

  return {
    cursor: (name) => read('reading the cursor', () => cursorOf(name)),
    materialise: (name, from, to, messages) =>
      write('materialising messages', () => {
        if (cursorOf(name) !== from) return false;
        for (const m of messages) {
          sql.insert.run(
            m.id,
            m.destination,
            m.streamId,
            m.position,
            m.index,
            m.eventType,
            m.kind,
            JSON.stringify(m.payload ?? null),
            m.createdAt,
            m.attempts,
            m.status,
            m.nextAttemptAt,
            m.lastError ?? null,
            m.deliveredAt ?? null,
          );
        }
        sql.setCursor.run(name, to);
        return true;
      }),
    claim: (claim: ClaimOptions) =>
      write('claiming messages', () => {
        const rows = sql.claimable.all(claim.now, claim.now, claim.limit) as Row[];
        for (const row of rows) sql.lease.run(claim.owner, claim.leaseUntil, row.id);
        return rows.map(fromRow);
      }),
    delivered: (id, _owner, at) => write('marking a message delivered', () => void sql.delivered.run(at, id)),
    fail: (id, owner, record: FailureRecord) => write('recording a failed attempt', () => void sql.fail.run(record.status, record.error, record.nextAttemptAt, id, owner)),
    settle: (outcomes) =>
      write('settling messages', () => {
        for (const outcome of outcomes) {
          if ('deliveredAt' in outcome) sql.delivered.run(outcome.deliveredAt, outcome.id);
          else sql.fail.run(outcome.failure.status, outcome.failure.error, outcome.failure.nextAttemptAt, outcome.id, outcome.owner);
        }
      }),
    get: (id) =>
      read('reading a message', () => {
        const row = sql.get.get(id) as Row | undefined;
        return row ? fromRow(row) : undefined;
      }),
    list: (query: OutboxQuery = {}) =>
      read('listing messages', () => {
        const where: string[] = [];
        const params: unknown[] = [];
        if (query.status !== undefined) where.push('status = ?'), params.push(query.status);
        if (query.destination !== undefined) where.push('destination = ?'), params.push(query.destination);
        if (query.streamId !== undefined) where.push('stream_id = ?'), params.push(query.streamId);
        const text = `SELECT ${COLUMNS} FROM motcua_outbox${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY position, idx LIMIT ?`;
        let statement = listStatements.get(text);
        if (!statement) listStatements.set(text, (statement = db.prepare(text)));
        return (statement.all(...params, query.limit ?? 1_000) as Row[]).map(fromRow);
      }),
    revive: (id, now) => write('retrying a dead letter', () => sql.revive.run(now, id).changes === 1),
    skip: (id) => write('skipping a dead letter', () => sql.skip.run(id).changes === 1),
    prune: (before, limit) => write('pruning finished messages', () => sql.prune.run(before, before, limit).changes),
    counts: () =>
      read('counting messages', () => {
        const counts: OutboxCounts = { pending: 0, delivered: 0, dead: 0, skipped: 0 };
        for (const { status, n } of sql.counts.all() as { status: OutboxStatus; n: number }[]) counts[status] = n;
        const oldest = (sql.oldest.get() as { at: string | null }).at;
        if (oldest !== null) counts.oldestPendingAt = oldest;
        return counts;
      }),
  };
}

/** The outbox's prepared statements on `db`. */
function statementsOf(db: SqliteDatabase) {
  return {
    cursor: db.prepare('SELECT position FROM motcua_outbox_cursors WHERE name = ?'),
    setCursor: db.prepare('INSERT INTO motcua_outbox_cursors (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position'),
    insert: db.prepare(`INSERT INTO motcua_outbox (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
    claimable: db.prepare(
      `SELECT ${COLUMNS} FROM motcua_outbox o
        WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?)
          AND NOT EXISTS (SELECT 1 FROM motcua_outbox p
                           WHERE p.destination = o.destination AND p.stream_id = o.stream_id AND p.status IN ('pending', 'dead')
                             AND (p.position < o.position OR (p.position = o.position AND p.idx < o.idx)))
        ORDER BY o.position, o.idx LIMIT ?`,
    ),
    lease: db.prepare('UPDATE motcua_outbox SET lease_owner = ?, lease_until = ? WHERE id = ?'),
    delivered: db.prepare(
      "UPDATE motcua_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND status <> 'delivered'",
    ),
    fail: db.prepare(
      "UPDATE motcua_outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND status = 'pending'",
    ),
    get: db.prepare(`SELECT ${COLUMNS} FROM motcua_outbox WHERE id = ?`),
    revive: db.prepare("UPDATE motcua_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND status = 'dead'"),
    skip: db.prepare("UPDATE motcua_outbox SET status = 'skipped' WHERE id = ? AND status = 'dead'"),
    counts: db.prepare('SELECT status, count(*) AS n FROM motcua_outbox GROUP BY status'),
    oldest: db.prepare("SELECT min(created_at) AS at FROM motcua_outbox WHERE status = 'pending'"),
    prune: db.prepare(
      `DELETE FROM motcua_outbox WHERE id IN (SELECT id FROM motcua_outbox
        WHERE (status = 'delivered' AND delivered_at < ?) OR (status = 'skipped' AND created_at < ?) ORDER BY position, idx LIMIT ?)`,
    ),
  };
}
