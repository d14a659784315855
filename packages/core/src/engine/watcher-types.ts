// The deadline watcher's public types (its alerts, options, saved state and handle), apart from the watcher itself (deadline-watcher.ts).
import type { ComparePolicy, Due, WorkingCalendar } from '../deadlines';
import type { Catalog } from '../procedure/catalog';
import type { RulePack } from '../procedure/rule-pack';
import type { EventStore } from '../store/types';
import type { AgencyWait, Pin, ReceptionWait, SupplementWait } from './watcher-waits';

/**
 * A pending dossier entered the warning window or became overdue (`dueSoon`,
 * `overdue`); an online submission is still unhandled at the reception alert
 * instant (`receptionAlert`, NĐ 118/2025 Đ17.2: 2 hours); a supplement was
 * not completed within the period after its notice (`closure`, NĐ 118/2025
 * Đ19.5: 15 days) — with `closeExpired` the watcher then closes the dossier;
 * an erroneous result was not corrected by its due date (`correctionOverdue`,
 * NĐ 118/2025 Đ23.1: 3 working days from the report); a consulted agency or
 * an inter-agency leg passed its deadline unanswered (`lateAgency`, NĐ 118/2025
 * Đ19.4c, Đ20.2; NĐ 61/2018 Đ19.5), addressed to the head of the receiving unit.
 */
export interface DeadlineAlert {
  dossierId: string;
  dossierCode?: string;
  bucket: 'dueSoon' | 'overdue' | 'receptionAlert' | 'closure' | 'correctionOverdue' | 'lateAgency';
  /**
   * The due date the alert is about: for `dueSoon`/`overdue` the legal,
   * restarted, or rescheduled due date; for `receptionAlert` the reception
   * decision's deadline (8 working hours of system receipt); for `closure`
   * the last day of the applicant's period (`at`: the instant closure is allowed);
   * for `correctionOverdue` the correction's due date; for `lateAgency` the
   * agency's deadline (a consultation's deadline day, `at` its end: 00:00 of the next day; a leg's `due`).
   */
  due: Due;
  /** When the bucket began (from the calendar), not when it was noticed. */
  since: string;
  /** Stable key for deduplicating at-least-once deliveries. */
  key: string;
  /**
   * `lateAgency` only: which consultation (its id) or route leg (its index)
   * is late, the agency, and who is alerted — the head of the receiving unit
   * (người đứng đầu, NĐ 118/2025 Đ19.4c).
   */
  lateAgency?: { kind: 'consultation' | 'leg'; ref: string; agency: { code: string; name: string }; to: { role: 'unitHead'; unit?: { code: string; name?: string } } };
}

/** A pending dossier the watcher follows: its due date and what was already alerted. */
export interface Tracked {
  code?: string;
  due: Due;
  /**
   * The limit is in working hours (`DossierAccepted.limit`): under the `minute` policy the due is passed only by
   * working time, from the first working instant after it (`workingTime`). Absent for other limits, and for dossiers
   * accepted before a checkpoint of an earlier release (compared by the instant).
   */
  hours?: true;
  /** Waiting for the citizen's supplement: the legal clock restarts on completion, so no alert meanwhile. */
  paused: boolean;
  /**
   * The open supplement request was made past the due date (`SupplementRequested.afterDue`): its answer restarts
   * nothing, so the due date watched (possibly the rescheduled one) stays. Absent otherwise, and in checkpoints
   * saved before it (then an answer whose `due` equals the watched one restarts nothing).
   */
  lateRequest?: true;
  alerted: 'none' | 'dueSoon' | 'overdue';
}

/** Serialisable state of the watcher, saved with its checkpoint. */
export interface DeadlineWatcherState {
  dossiers: Record<string, Tracked>;
  /** Rule pack and procedure each open dossier is pinned to (from its first event). */
  pins: Record<string, Pin>;
  receptions: Record<string, ReceptionWait>;
  waits: Record<string, SupplementWait>;
  /** Reported errors in returned results waiting for their correction (NĐ 118/2025 Đ23.1); absent in checkpoints saved before it. */
  corrections?: Record<string, { due: Due; alerted: boolean }>;
  /**
   * Consultations and inter-agency legs waiting for their agency, per dossier
   * then per `kind:ref` (NĐ 118/2025 Đ19.4c, Đ20.2); absent in checkpoints saved before it.
   */
  agencies?: Record<string, Record<string, AgencyWait>>;
}

/** Options of {@link createDeadlineWatcher}: the store to follow, where alerts go, and the deadline rules. */
export interface DeadlineWatcherOptions {
  store: EventStore;
  onAlert: (alert: DeadlineAlert) => void | Promise<void>;
  calendar?: WorkingCalendar;
  /** Warning window in working days before the due date (default 2). */
  warnDays?: number;
  /**
   * Comparison policy of the due-soon and overdue alerts (default `day`: overdue from the day after the due date).
   * `minute`: from the instant after `due.at` — for a limit in working hours from the first working instant after it
   * (`workingTime`: closed time right after a due that ends a session adds no working time), as the reports count it.
   */
  policy?: ComparePolicy;
  clock?: () => Date;
  /** Name under which state and checkpoint are saved (default `deadline-watcher`). */
  name?: string;
  /** Longest sleep between checks when running (default 60 s). */
  maxSleepMs?: number;
  /** Rule packs by the id dossiers are pinned to (default `DEFAULT_RULE_PACKS`): reception alert and closure rules. */
  rulePacks?: readonly RulePack[];
  /** The catalog, for a procedure's own supplement period (`supplementPeriodDays`, NĐ 118/2025 Đ19.5 "sector period"). */
  catalog?: Pick<Catalog, 'get'>;
  /**
   * Close a dossier whose supplement period ended (NĐ 118/2025 Đ19.5), after
   * its `closure` alert: e.g. `closeExpiredWith(engine, actor)`, which
   * executes `CloseDossier`. Retried on later ticks while it throws (the
   * error goes to the store's `error` notification). Absent: alert only.
   */
  closeExpired?: (alert: DeadlineAlert, now: string) => Promise<void>;
}

/** A deadline watcher (see {@link createDeadlineWatcher}): catch up, tick, follow live appends, stop. */
export interface DeadlineWatcher {
  /** Read new events from the checkpoint (state + checkpoint are saved together, when worth it and on `stop()`). */
  catchUp(): Promise<void>;
  /** Emit the alerts due at `now` (default: the clock) and save. Returns what was emitted. */
  tick(now?: Date | string): Promise<DeadlineAlert[]>;
  /** Catch up, tick, then follow live appends and wake at the next alert instant. */
  start(): Promise<void>;
  /** Stop following; saves what was read since the last checkpoint. */
  stop(): Promise<void>;
  /** Dossiers being watched. */
  size(): number;
}
