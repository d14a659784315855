import { ValidationError } from '../errors';
import type { Engine } from '../engine/types';
import type { ProtectedEventStore } from './protect';
import { isDestroyed } from './key-store';
import { subjectOfStream } from './protect';

/** A retention period (thời hạn lưu giữ dữ liệu cá nhân): whole years, months and days. */
export interface RetentionPeriod {
  years?: number;
  months?: number;
  days?: number;
}

/**
 * How long a dossier's personal data is kept after the dossier ended, by
 * procedure code, with a default. The law sets archive periods per record
 * type (Luật Lưu trữ 2024 and the Ministry of Home Affairs' tables), not one
 * for every procedure: a province fills `byProcedure` from its archive list.
 */
export interface RetentionPolicy {
  /** For procedures not listed (default {@link DEFAULT_RETENTION}: 10 years). */
  default: RetentionPeriod;
  /** By procedure code (TTHC code, e.g. `1.001193`). */
  byProcedure?: Readonly<Record<string, RetentionPeriod>>;
}

/** The default retention: 10 years after the dossier ended [assumption, docs/security.md "Retention"]. */
export const DEFAULT_RETENTION: RetentionPolicy = Object.freeze({ default: Object.freeze({ years: 10 }) });

/** Events after which a dossier is over: refused at intake, stopped, closed, or its result returned. */
const ENDINGS: ReadonlySet<string> = new Set(['ReceptionRefused', 'ProcessingStopped', 'DossierClosed', 'ResultReturned']);

/**
 * The local day (Asia/Ho_Chi_Minh) a period ends: `from` (a `YYYY-MM-DD` day)
 * plus years, then months, then days; a day the month lacks (29/02 + 1 year)
 * becomes the month's last day.
 *
 * @example
 * ```ts
 * retentionEnds('2024-02-29', { years: 1 }); // '2025-02-28'
 * retentionEnds('2024-03-15', { years: 5 }); // '2029-03-15'
 * ```
 */
export function retentionEnds(from: string, period: RetentionPeriod): string {
  for (const [unit, amount] of Object.entries(period))
    if (!Number.isInteger(amount) || (amount as number) < 0)
      throw new ValidationError('Invalid retention period', [{ code: 'invalid_period', path: [unit], message: 'expected a whole number ≥ 0' }]);
  const [startYear, startMonth, startDay] = from.split('-').map(Number) as [number, number, number];
  const months = (startYear + (period.years ?? 0)) * 12 + (startMonth - 1) + (period.months ?? 0);
  const year = Math.floor(months / 12);
  const month = months % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = new Date(Date.UTC(year, month, Math.min(startDay, last) + (period.days ?? 0)));
  return day.toISOString().slice(0, 10);
}

/** Options of {@link eraseExpiredPersonalData}. */
export interface EraseExpiredOptions {
  store: ProtectedEventStore;
  retention?: RetentionPolicy;
  /** The instant of the run (default now). */
  now?: Date;
  /** Who runs it (recorded with each erasure), default `system:retention`. */
  by?: string;
  /** Engines whose cached states of erased dossiers must be dropped. */
  engines?: readonly Pick<Engine, 'forget'>[];
}

/** What a retention run did. */
export interface EraseExpiredResult {
  /** Subjects erased by this run, in log order. */
  erased: string[];
  /** Ended dossiers still within their period. */
  kept: number;
}

const vnDay = (d: Date): string => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * Erase the personal data of every dossier whose retention period has ended
 * (a job to run daily). A dossier's period starts on the local day of its
 * last event, once it has ended (refused at intake, stopped, closed or its
 * result returned; a later petition or correction starts it again), and ends
 * on {@link retentionEnds} of that day: its data is erased from that day on.
 * Dossiers still open are never erased by time.
 *
 * @example
 * ```ts
 * declare const store: ProtectedEventStore;
 * const { erased } = await eraseExpiredPersonalData({ store, retention: { default: { years: 10 }, byProcedure: { '1.001193': { years: 5 } } } });
 * ```
 */
export async function eraseExpiredPersonalData(options: EraseExpiredOptions): Promise<EraseExpiredResult> {
  const { store } = options;
  const retention = options.retention ?? DEFAULT_RETENTION;
  const now = options.now ?? new Date();
  const today = vnDay(now);
  const dossiers = new Map<string, { procedure?: string; ended: boolean; last: string }>();
  for await (const event of store.inner.readAll({ streamPrefix: 'dossier-' })) {
    let dossier = dossiers.get(event.streamId);
    if (!dossier) dossiers.set(event.streamId, (dossier = { ended: false, last: event.metadata.occurredAt }));
    const data = event.data as { procedure?: { code?: string }; intake?: { procedure?: { code?: string } } };
    dossier.procedure ??= data.procedure?.code ?? data.intake?.procedure?.code;
    if (ENDINGS.has(event.type)) dossier.ended = true;
    if (Date.parse(event.metadata.occurredAt) > Date.parse(dossier.last)) dossier.last = event.metadata.occurredAt;
  }
  const due: string[] = [];
  let kept = 0;
  for (const [streamId, dossier] of dossiers) {
    if (!dossier.ended) continue;
    const period = (dossier.procedure !== undefined ? retention.byProcedure?.[dossier.procedure] : undefined) ?? retention.default;
    if (today >= retentionEnds(vnDay(new Date(dossier.last)), period)) due.push(subjectOfStream(streamId));
    else kept++;
  }
  const known = due.length ? await store.keys.getKeys(due) : new Map();
  const erased: string[] = [];
  for (const subject of due) {
    if (isDestroyed(known.get(subject))) continue;
    const done = await store.eraseSubject(subject, {
      reason: 'retention',
      by: options.by ?? 'system:retention',
      at: now,
      ...(options.engines ? { engines: options.engines } : {}),
    });
    if (done) erased.push(subject);
  }
  return { erased, kept };
}
