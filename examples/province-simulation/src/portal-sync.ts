/**
 * The demo's national-portal sync (issue #15 item 4): while the simulation
 * runs, the outbox relay of @motcua/core reads the log, turns each dossier
 * event into a portal update (`portalRoute`) and delivers it over HTTP to a
 * simulated portal (`startSimulatedPortal`, in this process) that fails now
 * and then (5xx, lost acknowledgements). At the end the outbox is drained and
 * reconciled with what the portal holds. The sync lag is wall time: from the
 * event's `recordedAt` (the engine's clock when the command ran) to the
 * portal's receipt; it includes the wait for the simulation's group commit
 * (thousands of commands per transaction), the outbox's retries and backoff.
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
  portalRoute,
  portalTransport,
  reconcile,
  startSimulatedPortal,
  type PortalDossierRecord,
  type PortalMismatchReason,
  type PortalStatusUpdate,
} from '@motcua/portal';

/** What the demo prints about the sync. */
export interface PortalSyncSummary {
  /** Updates sent (outbox messages delivered). */
  messages: number;
  /** Requests the portal answered with a fault, and duplicates it recognised by idempotency key. */
  portal: { requests: number; failures: number; lostAcks: number; duplicates: number };
  /** Wall-time sync lag, event recorded → portal receipt, in ms. */
  lagMs: { p50: number; p95: number; max: number };
  /** Reconciliation of the period: dossiers checked, mismatches by reason (all 0 when in sync). */
  reconciliation: { checked: number; mismatches: number; byReason: Record<PortalMismatchReason, number> };
  /** Messages still pending or dead after draining (0 when in sync). */
  undelivered: number;
}

/**
 * A lean outbox store for the demo's volume (hundreds of thousands of
 * messages, one process): queues per dossier with a head index, no copies.
 * It also folds each materialised update into the expected portal view (what
 * the portal should hold once every message is delivered once, in order).
 */
class DemoOutboxStore implements OutboxStore {
  private readonly cursors = new Map<string, number>();
  private readonly rows = new Map<string, { message: OutboxMessage; owner?: string; leaseUntil?: string }>();
  private readonly queues = new Map<string, { items: OutboxMessage[]; head: number }>();
  readonly expected = new Map<string, PortalDossierRecord>();
  deliveredCount = 0;

  async cursor(name: string): Promise<number> {
    return this.cursors.get(name) ?? 0;
  }
  async materialise(name: string, from: number, to: number, messages: readonly OutboxMessage[]): Promise<boolean> {
    if ((this.cursors.get(name) ?? 0) !== from) return false;
    for (const message of [...messages].sort(compareMessages)) {
      if (this.rows.has(message.id)) continue;
      this.rows.set(message.id, { message });
      const key = queueOf(message);
      const queue = this.queues.get(key) ?? { items: [], head: 0 };
      queue.items.push(message);
      this.queues.set(key, queue);
      const update = message.payload as PortalStatusUpdate;
      this.expected.set(update.dossierId, applyPortalUpdate(this.expected.get(update.dossierId), update, message.id, update.occurredAt, false));
    }
    this.cursors.set(name, to);
    return true;
  }
  async claim(options: ClaimOptions): Promise<OutboxMessage[]> {
    const out: OutboxMessage[] = [];
    for (const [key, queue] of this.queues) {
      if (out.length >= options.limit) break;
      while (queue.head < queue.items.length && (queue.items[queue.head]!.status === 'delivered' || queue.items[queue.head]!.status === 'skipped')) queue.head++;
      const message = queue.items[queue.head];
      if (!message) {
        this.queues.delete(key);
        continue;
      }
      const row = this.rows.get(message.id)!;
      if (message.status !== 'pending' || message.nextAttemptAt > options.now || (row.leaseUntil !== undefined && row.leaseUntil > options.now)) continue;
      row.owner = options.owner;
      row.leaseUntil = options.leaseUntil;
      out.push(message);
    }
    return out;
  }
  async delivered(id: string, _owner: string, at: string): Promise<void> {
    const row = this.rows.get(id);
    if (!row || row.message.status === 'delivered') return;
    Object.assign(row.message, { status: 'delivered', attempts: row.message.attempts + 1, deliveredAt: at });
    delete row.owner;
    delete row.leaseUntil;
    this.deliveredCount++;
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
    for (const queue of this.queues.values())
      for (let i = queue.head; i < queue.items.length; i++) {
        const status = queue.items[i]!.status;
        if (status === 'pending' || status === 'dead') counts[status]++;
      }
    return counts;
  }
}

const percentile = (sorted: Float64Array, p: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);

/**
 * Start syncing `store` to a simulated portal; `finish` drains, reconciles
 * the period and stops everything.
 *
 * @example
 * ```ts
 * const sync = await startPortalSync(store, { seed: 2021 });
 * // … run the simulation on store …
 * const summary = await sync.finish({ from: '2020-12-16', to: '2021-05-31' });
 * ```
 */
export async function startPortalSync(store: EventStore, options: { seed: number }) {
  const portal = await startSimulatedPortal({ seed: options.seed, failureRate: 0.02, duplicateRate: 0.01, history: false });
  const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 30_000 });
  const outbox = new DemoOutboxStore();
  let lags = new Float64Array(1 << 16);
  let count = 0;
  const transport = portalTransport(client, {
    batch: { maxItems: 25_000 },
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
  const relay = createOutboxRelay({
    log: store,
    outbox,
    routes: [portalRoute()],
    transports: { dvcqg: transport },
    retry: { baseMs: 50, maxMs: 2_000, maxAttempts: 1_000 },
    // Large rounds: the simulation yields to I/O only between its group commits, so each turn should carry a commit's worth.
    concurrency: 25_000,
    batchSize: 25_000,
    pollMs: 500,
    name: 'dvcqg',
  });
  relay.start();

  return {
    async finish(period: { from: string; to: string }): Promise<PortalSyncSummary> {
      await relay.stop();
      try {
        for (let round = 0; round < 10_000; round++) {
          await relay.pump();
          if ((await outbox.counts()).pending === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const counts = await outbox.counts();
        const report = reconcile({ period, ours: outbox.expected.values(), portal: portal.records() });
        const sorted = lags.slice(0, count).sort();
        const stats = portal.stats();
        return {
          messages: outbox.deliveredCount,
          portal: { requests: stats.requests, failures: stats.failures, lostAcks: stats.lostAcks, duplicates: stats.duplicates },
          lagMs: { p50: Math.round(percentile(sorted, 0.5)), p95: Math.round(percentile(sorted, 0.95)), max: Math.round(sorted[sorted.length - 1] ?? 0) },
          reconciliation: { checked: report.checked, mismatches: report.mismatches.length, byReason: report.byReason },
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

/** One line (vi or en) for the demo's summary. */
export function renderPortalSync(summary: PortalSyncSummary, lang: 'vi' | 'en'): string {
  const count = (x: number) => x.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en');
  const reasons = Object.entries(summary.reconciliation.byReason)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${count(n)}`)
    .join(', ');
  const lag = `p50 ${count(summary.lagMs.p50)} ms, p95 ${count(summary.lagMs.p95)} ms, max ${count(summary.lagMs.max)} ms`;
  return lang === 'vi'
    ? `Đồng bộ Cổng DVCQG (giả lập, qua outbox): ${count(summary.messages)} cập nhật, ${count(summary.portal.requests)} yêu cầu HTTP (${count(summary.portal.failures)} lỗi 5xx, ${count(summary.portal.lostAcks)} mất xác nhận → ${count(summary.portal.duplicates)} bản trùng bị bỏ qua); độ trễ (thời gian thực, từ ghi sự kiện đến Cổng nhận) ${lag}. Đối soát: ${count(summary.reconciliation.checked)} hồ sơ, ${count(summary.reconciliation.mismatches)} lệch${reasons ? ` (${reasons})` : ''}; chưa gửi được ${count(summary.undelivered)}.`
    : `National portal sync (simulated, through the outbox): ${count(summary.messages)} updates, ${count(summary.portal.requests)} HTTP requests (${count(summary.portal.failures)} 5xx, ${count(summary.portal.lostAcks)} lost acknowledgements → ${count(summary.portal.duplicates)} duplicates ignored); lag (wall time, event recorded → portal receipt) ${lag}. Reconciliation: ${count(summary.reconciliation.checked)} dossiers, ${count(summary.reconciliation.mismatches)} mismatches${reasons ? ` (${reasons})` : ''}; undelivered ${count(summary.undelivered)}.`;
}
