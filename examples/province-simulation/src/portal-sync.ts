/**
 * The demo's national-portal sync (issue #15 item 4): while the simulation
 * runs, the outbox relay of @motcua/core reads the log, turns each dossier
 * event into a portal update (`portalRoute`) and delivers it over HTTP to a
 * simulated portal (`startSimulatedPortal`) that fails now and then (5xx,
 * lost acknowledgements). At the end the outbox is drained and reconciled
 * with what the portal holds.
 *
 * On a SQLite file (the default demo) relay and portal run on their own
 * thread (`portal-thread.ts`, `portal-worker.ts`): a reader of the file
 * follows the committed log, woken after each of the simulation's group
 * commits, so the simulation's thread pays only for its own commits. On
 * other stores (in-memory, PostgreSQL) they run in this process, pumped after
 * each group commit. The sync lag is wall time: from the event's
 * `recordedAt` (the engine's wall clock when the command ran) to the
 * portal's receipt; it includes the rest of the command's group, its commit,
 * and the outbox's retries and backoff.
 */
import {
  compareMessages,
  createOutboxRelay,
  queueOf,
  type ClaimOptions,
  type EventStore,
  type FailureRecord,
  type OutboxCounts,
  type OutboxMessage,
  type OutboxQuery,
  type OutboxStore,
} from '@motcua/core';
import {
  applyPortalUpdate,
  createHttpPortalClient,
  decodePortalRecord,
  encodePortalRecord,
  portalRoute,
  portalTransport,
  PORTAL_MISMATCH_REASONS,
  reconcile,
  startSimulatedPortal,
  type PortalDossierRecord,
  type PortalMismatchReason,
  type PortalStatusUpdate,
  type ReconciliationReport,
  type SimulatedPortal,
} from '@motcua/portal';
import { startPortalSyncThread } from './portal-thread';

/** What the demo prints about the sync. */
export interface PortalSyncSummary {
  /** Updates sent (outbox messages delivered). */
  messages: number;
  /** Of these, delivered only after the simulation ended (the last command group, and retries still waiting). */
  drainedAtEnd: number;
  /** Requests the portal answered with a fault, and duplicates it recognised by idempotency key. */
  portal: { requests: number; failures: number; lostAcks: number; duplicates: number };
  /** Wall-time sync lag, event recorded (command run) → portal receipt, in ms. */
  lagMs: { p50: number; p95: number; max: number };
  /** Reconciliation of the period: dossiers checked, mismatches by reason (all 0 when in sync). */
  reconciliation: { checked: number; mismatches: number; byReason: Record<PortalMismatchReason, number> };
  /** Messages still pending or dead after draining (0 when in sync). */
  undelivered: number;
}

/** A dossier's queue: rows in stream order from `head` on (delivered ones are cut off the head). */
interface Queue {
  items: (Row | undefined)[];
  head: number;
}

/** One undelivered message and its lease. */
interface Row {
  message: OutboxMessage;
  /** Its queue and the queue's key (no key string to rebuild on delivery). */
  queue: Queue;
  key: string;
  owner?: string;
  leaseUntil?: string;
}

/**
 * What we expect the portal to hold about a dossier, kept small: the fields
 * reconciliation compares (status, version, business times, due dates, code),
 * no history, as one short string (`encodePortalRecord`). Folded with the
 * portal's own {@link applyPortalUpdate}, so the compared fields follow the
 * same rules as the portal's record.
 */
function foldExpected(previous: string | undefined, update: PortalStatusUpdate, key: string): string {
  const next = applyPortalUpdate(previous === undefined ? undefined : decodePortalRecord(update.dossierId, previous), update, key, update.occurredAt, false);
  // Everything reconciliation may compare; only the fields it never reads are left out (a field added to the record
  // later is kept by default, so it cannot go missing here and show as a mismatch).
  const { procedureCode: _procedure, unitCode: _unit, channel: _channel, step: _step, ...compared } = next;
  return encodePortalRecord(compared);
}

/**
 * A lean outbox store for the demo's volume (hundreds of thousands of
 * messages, one process): queues per dossier with a head index. A delivered
 * message is dropped at once (only counted): `get` and `list` see the
 * messages not delivered yet. It also folds each materialised update into the
 * expected portal view (what the portal should hold once every message is
 * delivered once, in order), one compact record per dossier.
 */
class DemoOutboxStore implements OutboxStore {
  private readonly cursors = new Map<string, number>();
  /** Messages not delivered yet, by id. */
  private readonly rows = new Map<string, Row>();
  /** Per dossier queue: rows in stream order from `head` on (delivered ones are cut off the head). */
  private readonly queues = new Map<string, Queue>();
  /** The expected record per dossier, encoded (`encodePortalRecord`). */
  readonly expected = new Map<string, string>();
  deliveredCount = 0;

  async cursor(name: string): Promise<number> {
    return this.cursors.get(name) ?? 0;
  }
  async materialise(name: string, from: number, to: number, messages: readonly OutboxMessage[]): Promise<boolean> {
    if ((this.cursors.get(name) ?? 0) !== from) return false;
    for (const message of [...messages].sort(compareMessages)) {
      if (this.rows.has(message.id)) continue;
      const key = queueOf(message);
      let queue = this.queues.get(key);
      if (!queue) {
        queue = { items: [], head: 0 };
        this.queues.set(key, queue);
      }
      const row: Row = { message, queue, key };
      this.rows.set(message.id, row);
      queue.items.push(row);
      const update = message.payload as PortalStatusUpdate;
      this.expected.set(update.dossierId, foldExpected(this.expected.get(update.dossierId), update, message.id));
    }
    this.cursors.set(name, to);
    return true;
  }
  async claim(options: ClaimOptions): Promise<OutboxMessage[]> {
    const out: OutboxMessage[] = [];
    for (const queue of this.queues.values()) {
      if (out.length >= options.limit) break;
      const row = queue.items[queue.head];
      if (!row) continue;
      const { message } = row;
      if (message.status !== 'pending' || message.nextAttemptAt > options.now || (row.leaseUntil !== undefined && row.leaseUntil > options.now)) continue;
      row.owner = options.owner;
      row.leaseUntil = options.leaseUntil;
      out.push(message);
    }
    return out;
  }
  async delivered(id: string, _owner: string, at: string): Promise<void> {
    const row = this.rows.get(id);
    if (!row) return; // delivered before (and dropped), or unknown
    const message = row.message as { status: OutboxMessage['status']; attempts: number; deliveredAt?: string };
    message.status = 'delivered';
    message.attempts++;
    message.deliveredAt = at;
    this.rows.delete(id);
    this.deliveredCount++;
    // Only a queue's head is ever claimed: cut it off, and forget the queue once empty.
    const { queue } = row;
    if (queue.items[queue.head] !== row) return;
    queue.items[queue.head++] = undefined;
    if (queue.head === queue.items.length) this.queues.delete(row.key);
    else if (queue.head >= 64 && queue.head * 2 >= queue.items.length) {
      queue.items.splice(0, queue.head);
      queue.head = 0;
    }
  }
  async fail(id: string, owner: string, record: FailureRecord): Promise<void> {
    const row = this.rows.get(id);
    if (!row || row.owner !== owner || row.message.status !== 'pending') return;
    Object.assign(row.message, { status: record.status, attempts: row.message.attempts + 1, lastError: record.error, nextAttemptAt: record.nextAttemptAt });
    delete row.owner;
    delete row.leaseUntil;
  }
  async get(id: string): Promise<OutboxMessage | undefined> {
    return this.rows.get(id)?.message;
  }
  async list(query: OutboxQuery = {}): Promise<OutboxMessage[]> {
    const out: OutboxMessage[] = [];
    for (const { message } of this.rows.values()) {
      if (out.length >= (query.limit ?? 1_000)) break;
      if ((query.status === undefined || message.status === query.status) && (query.streamId === undefined || message.streamId === query.streamId)) out.push(message);
    }
    return out;
  }
  async revive(): Promise<boolean> {
    return false;
  }
  async skip(): Promise<boolean> {
    return false;
  }
  async counts(): Promise<OutboxCounts> {
    const counts: OutboxCounts = { pending: 0, delivered: this.deliveredCount, dead: 0, skipped: 0 };
    for (const { message } of this.rows.values()) if (message.status === 'pending' || message.status === 'dead') counts[message.status]++;
    return counts;
  }
}

const percentile = (sorted: Float64Array, p: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);

/**
 * At most this many log positions per relay pump: a pump materialises up to
 * its head before delivering, so a whole group commit (20,000 commands) at
 * once would keep ≈ 20,000 messages alive through young-generation GCs and
 * promote them (old-generation garbage: the sync thread's heap grows).
 */
const PUMP_EVENTS = 4_000;

/** Reconcile per chunk of this many dossiers: the portal's records are read one by one, never all at once. */
const RECONCILE_CHUNK = 2_000;

/** How to sync: the portal's seed and fault rates (per request: 2 % answered 5xx, 1 % acknowledgement lost, by default). */
export interface PortalSyncOptions {
  seed: number;
  failureRate?: number;
  duplicateRate?: number;
}

/** A running sync: pumped after each group commit, finished once the run is over. */
export interface PortalSync {
  /** A group commit landed: deliver its updates (in process: materialise and deliver what is due; on a thread: wake it). */
  pump(): Promise<void>;
  /** Drain, reconcile the period, stop; resolves with what the demo prints. */
  finish(period: { from: string; to: string }): Promise<PortalSyncSummary>;
  /** Stop without draining (the run failed). */
  abort(): Promise<void>;
}

/**
 * Start syncing `store` to a simulated portal: on its own thread when
 * `sqliteFile` names the store's SQLite file, else in this process. Call
 * `pump` after each of the simulation's group commits and `finish` at the end.
 *
 * @example
 * ```ts
 * const sync = await startPortalSync(store, { seed: 2021, sqliteFile: '/tmp/motcua-sim.db' });
 * // … run the simulation on store, awaiting sync.pump() after each group commit …
 * const summary = await sync.finish({ from: '2020-12-16', to: '2021-05-31' });
 * ```
 */
export async function startPortalSync(store: EventStore, options: PortalSyncOptions & { sqliteFile?: string }): Promise<PortalSync> {
  if (options.sqliteFile === undefined) return startPortalSyncInProcess(store, options);
  const { sqliteFile, ...sync } = options;
  const thread = startPortalSyncThread({ ...sync, filename: sqliteFile });
  return {
    pump: () => thread.pump(),
    finish: async (period) => thread.finish(period, await store.headPosition()),
    abort: () => thread.abort(),
  };
}

/**
 * The sync in this process. Nothing runs in the background: call `pump`
 * between the simulation's command groups (it materialises the new events'
 * messages and delivers what is due); `finish` drains, reconciles the period
 * and stops everything. The portal-sync thread runs this on its reader.
 *
 * @example
 * ```ts
 * const sync = await startPortalSyncInProcess(store, { seed: 2021 });
 * // … run the simulation on store, awaiting sync.pump() after each group commit …
 * const summary = await sync.finish({ from: '2020-12-16', to: '2021-05-31' });
 * ```
 */
export async function startPortalSyncInProcess(store: EventStore, options: PortalSyncOptions): Promise<PortalSync> {
  // No history at the portal: one compact record per dossier (plus its idempotency keys).
  const portal = await startSimulatedPortal({ seed: options.seed, failureRate: options.failureRate ?? 0.02, duplicateRate: options.duplicateRate ?? 0.01, history: false });
  const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 30_000 });
  const outbox = new DemoOutboxStore();
  let lags = new Float64Array(1 << 16);
  let count = 0;
  const transport = portalTransport(client, {
    batch: { maxItems: 2_000 },
    onAck: (message, ack) => {
      if (ack.duplicate || message.createdAt === undefined) return;
      if (count === lags.length) {
        const bigger = new Float64Array(lags.length * 2);
        bigger.set(lags);
        lags = bigger;
      }
      lags[count++] = Date.parse(ack.receivedAt) - Date.parse(message.createdAt);
    },
  });
  // The relay sees the log up to `limit` (see PUMP_EVENTS); everything else is the store's.
  let limit = 0;
  const log = new Proxy(store, {
    get(target, property) {
      if (property === 'headPosition') return async () => limit;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  /** Materialise and deliver up to the store's head, PUMP_EVENTS positions per relay pump. */
  const pumpToHead = async () => {
    const head = await store.headPosition();
    for (;;) {
      limit = Math.min(head, (await outbox.cursor('dvcqg')) + PUMP_EVENTS);
      await relay.pump();
      if (limit >= head) return;
    }
  };
  const relay = createOutboxRelay({
    log,
    outbox,
    routes: [portalRoute()],
    transports: { dvcqg: transport },
    retry: { baseMs: 50, maxMs: 2_000, maxAttempts: 1_000 },
    // One pump per command group; rounds of 2,000 updates, one HTTP request each (bigger rounds keep more garbage alive at once: peak RSS).
    concurrency: 2_000,
    batchSize: 2_000,
    name: 'dvcqg',
  });

  return {
    /** Materialise the messages of the events committed so far and deliver what is due (a failed delivery waits for a later pump). */
    async pump(): Promise<void> {
      await pumpToHead();
    },
    async finish(period: { from: string; to: string }): Promise<PortalSyncSummary> {
      try {
        const before = outbox.deliveredCount;
        for (let round = 0; round < 10_000; round++) {
          await pumpToHead();
          if ((await outbox.counts()).pending === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const drainedAtEnd = outbox.deliveredCount - before;
        const counts = await outbox.counts();
        const reconciliation = reconcileStreaming(period, outbox.expected, portal, outbox.deliveredCount);
        const sorted = lags.slice(0, count).sort();
        const stats = portal.stats();
        return {
          messages: outbox.deliveredCount,
          drainedAtEnd,
          portal: { requests: stats.requests, failures: stats.failures, lostAcks: stats.lostAcks, duplicates: stats.duplicates },
          lagMs: { p50: Math.round(percentile(sorted, 0.5)), p95: Math.round(percentile(sorted, 0.95)), max: Math.round(sorted[sorted.length - 1] ?? 0) },
          reconciliation,
          undelivered: counts.pending + counts.dead,
        };
      } finally {
        await portal.close();
      }
    },
    /** Stop without draining (the run failed). */
    async abort(): Promise<void> {
      await relay.stop();
      await portal.close();
    },
  };
}

/**
 * `reconcile` chunk by chunk: each chunk of our dossiers against the portal's
 * records of those dossiers (read one by one), then the portal's dossiers we
 * do not know (`unknown-to-us`, read in full only when the portal applied
 * keys we did not deliver). Counts add up: a dossier is in exactly one chunk,
 * or in the last pass.
 */
function reconcileStreaming(
  period: { from: string; to: string },
  expected: ReadonlyMap<string, string>,
  portal: SimulatedPortal,
  delivered: number,
): PortalSyncSummary['reconciliation'] {
  const total: PortalSyncSummary['reconciliation'] = {
    checked: 0,
    mismatches: 0,
    byReason: Object.fromEntries(PORTAL_MISMATCH_REASONS.map((reason) => [reason, 0])) as Record<PortalMismatchReason, number>,
  };
  const add = (report: ReconciliationReport) => {
    total.checked += report.checked;
    total.mismatches += report.mismatches.length;
    for (const reason of PORTAL_MISMATCH_REASONS) total.byReason[reason] += report.byReason[reason];
  };
  let ours: PortalDossierRecord[] = [];
  const flush = () => {
    const theirs: PortalDossierRecord[] = [];
    for (const record of ours) {
      const held = portal.record(record.dossierId);
      if (held) theirs.push(held);
    }
    add(reconcile({ period, ours, portal: theirs }));
    ours = [];
  };
  for (const [dossierId, text] of expected) {
    ours.push(decodePortalRecord(dossierId, text));
    if (ours.length === RECONCILE_CHUNK) flush();
  }
  if (ours.length > 0) flush();
  // The portal's dossiers we do not have (unknown-to-us). Every key we delivered was applied once, so when the portal
  // applied exactly as many distinct keys as we delivered, its keys are ours and every dossier it holds is one of ours:
  // no need to copy all its records. Otherwise (someone else wrote to it) compare them all.
  if (portal.stats().applied !== delivered) add(reconcile({ period, ours: [], portal: portal.records().filter((record) => !expected.has(record.dossierId)) }));
  return total;
}

/** One line (vi or en) for the demo's summary. */
export function renderPortalSync(summary: PortalSyncSummary, lang: 'vi' | 'en'): string {
  const count = (x: number) => x.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en');
  const reasons = Object.entries(summary.reconciliation.byReason)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${count(n)}`)
    .join(', ');
  const lag = `p50 ${count(summary.lagMs.p50)} ms, p95 ${count(summary.lagMs.p95)} ms, max ${count(summary.lagMs.max)} ms`;
  return lang === 'vi'
    ? `Đồng bộ Cổng DVCQG (giả lập, qua outbox): ${count(summary.messages)} cập nhật, ${count(summary.portal.requests)} yêu cầu HTTP (${count(summary.portal.failures)} lỗi 5xx, ${count(summary.portal.lostAcks)} mất xác nhận → ${count(summary.portal.duplicates)} bản trùng bị bỏ qua); độ trễ (thời gian thực, từ lúc lệnh chạy đến khi Cổng nhận; gửi sau mỗi nhóm lệnh ghi vào sổ, ${count(summary.drainedAtEnd)} cập nhật gửi sau khi mô phỏng kết thúc) ${lag}. Đối soát: ${count(summary.reconciliation.checked)} hồ sơ, ${count(summary.reconciliation.mismatches)} lệch${reasons ? ` (${reasons})` : ''}; chưa gửi được ${count(summary.undelivered)}.`
    : `National portal sync (simulated, through the outbox): ${count(summary.messages)} updates, ${count(summary.portal.requests)} HTTP requests (${count(summary.portal.failures)} 5xx, ${count(summary.portal.lostAcks)} lost acknowledgements → ${count(summary.portal.duplicates)} duplicates ignored); lag (wall time, command run → portal receipt; sent after each committed command group, ${count(summary.drainedAtEnd)} updates sent after the simulation ended) ${lag}. Reconciliation: ${count(summary.reconciliation.checked)} dossiers, ${count(summary.reconciliation.mismatches)} mismatches${reasons ? ` (${reasons})` : ''}; undelivered ${count(summary.undelivered)}.`;
}
