import { compareMessages, queueOf } from './messages';
import type { ClaimOptions, FailureRecord, OutboxCounts, OutboxMessage, OutboxQuery, OutboxStore } from './types';

interface Row {
  message: OutboxMessage;
  owner?: string;
  leaseUntil?: string;
}

const copy = (message: OutboxMessage): OutboxMessage => JSON.parse(JSON.stringify(message)) as OutboxMessage;

/**
 * The outbox in this process's memory: for tests, demos and the in-memory
 * event store. Every method is one synchronous step, so each is atomic.
 *
 * @example
 * ```ts
 * const relay = createOutboxRelay({ log: new InMemoryEventStore(), outbox: new InMemoryOutboxStore(), routes: [], transports: {} });
 * await relay.pump();
 * ```
 */
export class InMemoryOutboxStore implements OutboxStore {
  private readonly cursors = new Map<string, number>();
  private readonly rows = new Map<string, Row>();
  /** Every row in queue order (position, index). */
  private ordered: Row[] = [];
  /** The pending and dead rows in queue order: what `claim` looks through (delivered ones drop out). */
  private open: Row[] = [];

  async cursor(name: string): Promise<number> {
    return this.cursors.get(name) ?? 0;
  }

  async materialise(name: string, from: number, to: number, messages: readonly OutboxMessage[]): Promise<boolean> {
    if ((this.cursors.get(name) ?? 0) !== from) return false;
    let unsorted = false;
    for (const message of messages) {
      if (this.rows.has(message.id)) continue;
      const row: Row = { message: copy(message) };
      this.rows.set(message.id, row);
      const last = this.ordered[this.ordered.length - 1];
      if (last && compareMessages(last.message, row.message) > 0) unsorted = true; // messages usually come in log order: sort only when not
      this.ordered.push(row);
      this.open.push(row);
    }
    if (unsorted) {
      this.ordered.sort((a, b) => compareMessages(a.message, b.message));
      this.open.sort((a, b) => compareMessages(a.message, b.message));
    }
    this.cursors.set(name, to);
    return true;
  }

  async claim(options: ClaimOptions): Promise<OutboxMessage[]> {
    const blocked = new Set<string>();
    const out: OutboxMessage[] = [];
    for (const row of this.open) {
      if (out.length >= options.limit) break;
      const { message } = row;
      if (message.status !== 'pending' && message.status !== 'dead') continue;
      const queue = queueOf(message);
      if (blocked.has(queue)) continue;
      blocked.add(queue); // the first pending or dead message of a queue holds up the rest
      if (message.status !== 'pending' || message.nextAttemptAt > options.now) continue;
      if (row.leaseUntil !== undefined && row.leaseUntil > options.now) continue;
      row.owner = options.owner;
      row.leaseUntil = options.leaseUntil;
      out.push(copy(message));
    }
    return out;
  }

  async delivered(id: string, _owner: string, at: string): Promise<void> {
    const row = this.rows.get(id);
    if (!row || row.message.status === 'delivered') return;
    row.message.status = 'delivered';
    row.message.attempts += 1;
    row.message.deliveredAt = at;
    delete row.owner;
    delete row.leaseUntil;
    this.close(row);
  }

  /** A row left the queue (delivered or skipped). */
  private close(row: Row): void {
    const at = this.open.indexOf(row);
    if (at >= 0) this.open.splice(at, 1);
  }

  async fail(id: string, owner: string, record: FailureRecord): Promise<void> {
    const row = this.rows.get(id);
    if (!row || row.owner !== owner || row.message.status !== 'pending') return;
    row.message.attempts += 1;
    row.message.status = record.status;
    row.message.lastError = record.error;
    row.message.nextAttemptAt = record.nextAttemptAt;
    delete row.owner;
    delete row.leaseUntil;
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const row = this.rows.get(id);
    return row ? copy(row.message) : undefined;
  }

  async list(query: OutboxQuery = {}): Promise<OutboxMessage[]> {
    const limit = query.limit ?? 1_000;
    const out: OutboxMessage[] = [];
    for (const { message } of this.ordered) {
      if (out.length >= limit) break;
      if (query.status !== undefined && message.status !== query.status) continue;
      if (query.destination !== undefined && message.destination !== query.destination) continue;
      if (query.streamId !== undefined && message.streamId !== query.streamId) continue;
      out.push(copy(message));
    }
    return out;
  }

  async revive(id: string, now: string): Promise<boolean> {
    const row = this.rows.get(id);
    if (row?.message.status !== 'dead') return false;
    row.message.status = 'pending';
    row.message.attempts = 0;
    row.message.nextAttemptAt = now;
    return true;
  }

  async skip(id: string): Promise<boolean> {
    const row = this.rows.get(id);
    if (row?.message.status !== 'dead') return false;
    row.message.status = 'skipped';
    this.close(row);
    return true;
  }

  async prune(before: string, limit: number): Promise<number> {
    const gone = new Set<Row>();
    for (const row of this.ordered) {
      if (gone.size >= limit) break;
      const { message } = row;
      const finishedAt = message.status === 'delivered' ? message.deliveredAt : message.status === 'skipped' ? message.createdAt : undefined;
      if (finishedAt !== undefined && finishedAt < before) gone.add(row);
    }
    if (gone.size === 0) return 0;
    for (const row of gone) this.rows.delete(row.message.id);
    this.ordered = this.ordered.filter((row) => !gone.has(row));
    return gone.size;
  }

  async counts(): Promise<OutboxCounts> {
    const counts: OutboxCounts = { pending: 0, delivered: 0, dead: 0, skipped: 0 };
    for (const { message } of this.ordered) {
      counts[message.status]++;
      if (message.status === 'pending' && (counts.oldestPendingAt === undefined || message.createdAt < counts.oldestPendingAt)) counts.oldestPendingAt = message.createdAt;
    }
    return counts;
  }
}
