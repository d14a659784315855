import { alertSchedule, classifyPending, nextAlertAt, vietnamCalendar, type ComparePolicy, type Due, type WorkingCalendar } from '../deadlines';
import type { Catalog } from '../procedure/catalog';
import { DEFAULT_RULE_PACKS, type RulePack } from '../procedure/rule-pack';
import type { Projection } from '../projection/projection';
import { createProjectionRunner, type ProjectionTurn } from '../projection/runner';
import type { EventStore, StoredEvent } from '../store/types';
import { toVietnamInstant } from '../time';
import { DOSSIER_STREAM_PREFIX, dossierIdOfStream } from './types';
import {
  agencyWaitKey,
  applyAgencyWait,
  correctionOverdueMs,
  dayAfterMs,
  waitRules,
  type AgencyWait,
  type Pin,
  type ReceptionWait,
  type SupplementWait,
  type WaitRules,
} from './watcher-waits';

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

interface Tracked {
  code?: string;
  due: Due;
  /** Waiting for the citizen's supplement: the legal clock restarts on completion, so no alert meanwhile. */
  paused: boolean;
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

const RANK = { none: 0, dueSoon: 1, overdue: 2 } as const;
/** Events after which a dossier has no deadline left to watch (the machine's end states). */
const ENDS = new Set(['DossierResolved', 'ResolutionRefused', 'ProcessingStopped', 'DossierClosed', 'ReceptionRefused', 'ResultReturned']);
const TYPES = [
  'DossierSubmitted',
  'IntakeSupplementRequested',
  'IntakeSupplementProvided',
  'DossierAccepted',
  'SupplementRequested',
  'SupplementProvided',
  'ApologyIssued',
  'WithdrawalRequested',
  ...ENDS,
  'ResultErrorReported',
  'ResultCorrected',
  'ConsultationRequested',
  'ConsultationAnswered',
  'InterAgencyStarted',
  'LegCompleted',
];

/**
 * Checkpoint tag of the watcher's state. `deadline-watcher/2` added the pins
 * and the reception and closure waits. A `/1` (or untagged) checkpoint is
 * resumed with empty waits, so nothing is alerted twice; but reception and
 * supplement waits that began before the upgrade are not seen. To find them,
 * rebuild (a new `name`, or delete the checkpoint) and deduplicate the
 * repeated due-date alerts with `alert.key`. `deadline-watcher/3` added the
 * consulted agencies and legs (`lateAgency`); a `/2` checkpoint is resumed
 * with none, so consultations and routes started before the upgrade are not
 * watched (rebuild to see them).
 */
const VERSION = 'deadline-watcher/3';

/**
 * The watcher's projection: the pending dossiers' due dates and what was
 * already alerted, from the events that move them.
 */
function deadlineProjection(name: string, rules: WaitRules): Projection<DeadlineWatcherState, DeadlineWatcherState> {
  return {
    name,
    version: VERSION,
    filter: { types: TYPES, streamPrefix: DOSSIER_STREAM_PREFIX },
    init: () => ({ dossiers: {}, pins: {}, receptions: {}, waits: {}, corrections: {}, agencies: {} }),
    apply(state, e: StoredEvent) {
      const id = dossierIdOfStream(e.streamId);
      const d = e.data as Record<string, unknown>;
      const at = e.metadata.occurredAt;
      // After the return (NĐ 118/2025 Đ23.1): a reported error with a due date is watched until corrected.
      if (e.type === 'ResultErrorReported' || e.type === 'ResultCorrected') {
        const corrections = (state.corrections ??= {});
        if (e.type === 'ResultErrorReported' && d.due) corrections[id] = { due: d.due as Due, alerted: false };
        else delete corrections[id];
        return state;
      }
      if (ENDS.has(e.type)) {
        delete state.dossiers[id];
        delete state.pins[id];
        delete state.receptions[id];
        delete state.waits[id];
        if (state.agencies) delete state.agencies[id];
        return state;
      }
      const t = state.dossiers[id];
      const intake = (d.intake ?? d) as { rulePack?: string; procedure?: { code: string; version: string }; unit?: { code: string; name?: string } };
      if (intake.rulePack !== undefined && !state.pins[id])
        state.pins[id] = {
          pack: intake.rulePack,
          ...(intake.procedure ? { procedure: intake.procedure } : {}),
          ...(intake.unit ? { unit: { code: intake.unit.code, ...(intake.unit.name ? { name: intake.unit.name } : {}) } } : {}),
        };
      const pin = state.pins[id];
      if (applyAgencyWait((state.agencies ??= {}), id, e.type, d)) return state;
      switch (e.type) {
        case 'DossierSubmitted':
        case 'IntakeSupplementProvided': {
          // NĐ 118/2025 Đ17.2: alert the receiving officer within N hours of system receipt.
          const w = pin && rules.reception(pin.pack, at);
          if (w) state.receptions[id] = w;
          break;
        }
        case 'IntakeSupplementRequested': {
          delete state.receptions[id];
          const w = pin && rules.closure(pin, at);
          if (w) state.waits[id] = w;
          break;
        }
        case 'DossierAccepted':
          delete state.receptions[id];
          delete state.waits[id];
          state.dossiers[id] = { code: d.dossierCode as string, due: d.due as Due, paused: false, alerted: 'none' };
          break;
        case 'SupplementRequested': {
          if (t) t.paused = true;
          const w = pin && rules.closure(pin, at);
          if (w) state.waits[id] = { ...w, ...(t?.code ? { code: t.code } : {}) };
          break;
        }
        case 'WithdrawalRequested':
          delete state.waits[id];
          if (state.agencies) delete state.agencies[id]; // the dossier ended: nobody waits for the agencies any more
          break;
        case 'SupplementProvided':
          delete state.waits[id];
          if (t) Object.assign(t, { due: d.due as Due, paused: false, alerted: 'none' });
          break;
        case 'ApologyIssued':
          if (t) Object.assign(t, { due: d.newDue as Due, alerted: 'none' });
          break;
      }
      return state;
    },
    toSnapshot: (state) => state,
    fromSnapshot: (snap) => snap,
    // Version 1 (or untagged) checkpoints: resumed with empty waits (see VERSION).
    // Version 2 checkpoints: resumed with no agency waits (see VERSION).
    upgrade: (saved) =>
      saved.tag === undefined || saved.tag === 'deadline-watcher/1'
        ? { dossiers: (saved.state as { dossiers: Record<string, Tracked> }).dossiers, pins: {}, receptions: {}, waits: {}, agencies: {} }
        : saved.tag === 'deadline-watcher/2'
          ? { ...(saved.state as DeadlineWatcherState), agencies: {} }
          : undefined,
  };
}

/**
 * A durable deadline watcher (theo dõi hạn xử lý): tells the application when
 * pending dossiers become due-soon or overdue. Its state is derived from the
 * event log and the calendar — never from XState `after` timers, which are
 * lost on restore — and is saved with its checkpoint through the store's
 * projection slot, so a restart neither repeats nor misses a bucket change.
 * Delivery is at-least-once (an alert emitted just before a crash is emitted
 * again after it); deduplicate with `alert.key`.
 *
 * It runs on the projection runner (`createProjectionRunner`): the runner
 * reads the log, follows live appends and saves checkpoints; the watcher
 * adds the alerts, in the runner's turn, after every catch-up and at the next
 * alert instant. Every alert marks the state and saves it with the position
 * reached, so an alert is never emitted twice across a clean restart.
 *
 * Supplement waits pause alerts (the legal clock restarts on completion); an
 * apology moves the due date to the rescheduled one.
 *
 * Under a rule pack that has them (NĐ 118/2025, `RULE_PACK_2025`), three more
 * buckets, each emitted once per dossier and wait:
 * - `receptionAlert` (Đ17.2): an online (re)submission still unhandled
 *   `receptionAlertHours` (2) clock hours after system receipt; `due` is the
 *   8-working-hour decision deadline;
 * - `closure` (Đ19.5): a supplement notice whose period (15 calendar days, or
 *   the procedure's `supplementPeriodDays` when `catalog` is given) ended; with
 *   `closeExpired` (e.g. `closeExpiredWith`) the watcher then closes the
 *   dossier, so `DossierClosed` lands;
 * - `correctionOverdue` (Đ23.1): an error reported in a returned result not
 *   corrected by its due date (3 working days).
 * Dossiers under NĐ 61/2018 get none of them.
 *
 * Under every pack, `lateAgency` (NĐ 118/2025 Đ19.4c, Đ20.2; NĐ 61/2018
 * Đ19.5): a consultation or an inter-agency leg still unanswered at 00:00 of
 * the day after its deadline, once per consultation or leg, addressed to the
 * head of the receiving unit (`alert.lateAgency.to`). A sequential route's
 * next leg is watched from its start (`LegCompleted.nextLegDue`).
 *
 * @example
 * ```ts
 * const watcher = createDeadlineWatcher({ store, onAlert: (a) => notify(a.dossierCode, a.bucket) });
 * await watcher.start();
 * ```
 */
export function createDeadlineWatcher(options: DeadlineWatcherOptions): DeadlineWatcher {
  const { store, onAlert } = options;
  const cal = options.calendar ?? vietnamCalendar();
  const warnDays = options.warnDays ?? 2;
  const policy = options.policy ?? 'day';
  const clock = options.clock ?? (() => new Date());
  const name = options.name ?? 'deadline-watcher';
  const maxSleep = options.maxSleepMs ?? 60_000;
  const report = (e: unknown) => void store.notifications.emit('error', e as Error);
  const rules = waitRules(options.rulePacks ?? DEFAULT_RULE_PACKS, cal, options.catalog);
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Emit the alerts due at `now`, mark them, save. Runs in the runner's turn. */
  const tickNow = async (turn: ProjectionTurn<DeadlineWatcherState>, now: Date | string = clock()): Promise<DeadlineAlert[]> => {
    const state = turn.state;
    const at = toVietnamInstant(now);
    const alerts: DeadlineAlert[] = [];
    for (const [dossierId, t] of Object.entries(state.dossiers)) {
      if (t.paused) continue;
      const bucket = classifyPending(at, t.due, cal, { warnDays, policy });
      if (bucket === 'withinTime' || RANK[bucket] <= RANK[t.alerted]) continue;
      const sched = alertSchedule(t.due, cal, warnDays, { policy });
      alerts.push({
        dossierId,
        ...(t.code ? { dossierCode: t.code } : {}),
        bucket,
        due: t.due,
        since: bucket === 'overdue' ? sched.overdueAt : sched.dueSoonAt!,
        key: `${dossierId}:${bucket}:${t.due.date}`,
      });
    }
    const nowMs = Date.parse(at);
    const waitAlerts: DeadlineAlert[] = [];
    for (const [dossierId, r] of Object.entries(state.receptions)) {
      if (r.alerted || nowMs < Date.parse(r.alertAt)) continue;
      waitAlerts.push({ dossierId, bucket: 'receptionAlert', due: r.due, since: r.alertAt, key: `${dossierId}:receptionAlert:${r.alertAt}` });
    }
    const toClose: [DeadlineAlert, SupplementWait][] = [];
    for (const [dossierId, w] of Object.entries(state.waits)) {
      if (w.closed || nowMs < Date.parse(w.closeAt)) continue;
      const alert: DeadlineAlert = {
        dossierId,
        ...(w.code ? { dossierCode: w.code } : {}),
        bucket: 'closure',
        due: { date: w.periodEnded, at: w.closeAt },
        since: w.closeAt,
        key: `${dossierId}:closure:${w.periodEnded}`,
      };
      if (!w.alerted) waitAlerts.push(alert);
      toClose.push([alert, w]);
    }
    for (const [dossierId, c] of Object.entries(state.corrections ?? {})) {
      if (c.alerted || nowMs < correctionOverdueMs(c.due)) continue;
      waitAlerts.push({
        dossierId,
        bucket: 'correctionOverdue',
        due: c.due,
        since: toVietnamInstant(correctionOverdueMs(c.due)),
        key: `${dossierId}:correctionOverdue:${c.due.date}`,
      });
    }
    for (const [dossierId, waits] of Object.entries(state.agencies ?? {}))
      for (const w of Object.values(waits)) {
        if (w.alerted || !w.due || nowMs < dayAfterMs(w.due.date)) continue;
        const pin = state.pins[dossierId];
        const code = state.dossiers[dossierId]?.code;
        waitAlerts.push({
          dossierId,
          ...(code ? { dossierCode: code } : {}),
          bucket: 'lateAgency',
          due: w.due,
          since: toVietnamInstant(dayAfterMs(w.due.date)),
          key: `${dossierId}:lateAgency:${agencyWaitKey(w.kind, w.ref)}:${w.due.date}`,
          lateAgency: { kind: w.kind, ref: w.ref, agency: w.agency, to: { role: 'unitHead', ...(pin?.unit ? { unit: pin.unit } : {}) } },
        });
      }
    for (const a of alerts) {
      await onAlert(a);
      state.dossiers[a.dossierId]!.alerted = a.bucket as Tracked['alerted'];
    }
    for (const a of waitAlerts) {
      await onAlert(a);
      if (a.bucket === 'receptionAlert') state.receptions[a.dossierId]!.alerted = true;
      else if (a.bucket === 'correctionOverdue') state.corrections![a.dossierId]!.alerted = true;
      else if (a.bucket === 'lateAgency') state.agencies![a.dossierId]![agencyWaitKey(a.lateAgency!.kind, a.lateAgency!.ref)]!.alerted = true;
      else state.waits[a.dossierId]!.alerted = true;
    }
    let closed = 0;
    if (options.closeExpired)
      for (const [a, w] of toClose) {
        try {
          await options.closeExpired(a, at);
          w.closed = true;
          closed++;
        } catch (e) {
          report(e); // retried on the next tick
        }
      }
    if (alerts.length + waitAlerts.length + closed) await turn.save();
    return [...alerts, ...waitAlerts];
  };

  const nextWake = (state: DeadlineWatcherState): number => {
    const now = clock().getTime();
    let next = now + maxSleep;
    for (const t of Object.values(state.dossiers)) {
      if (t.paused) continue;
      const n = nextAlertAt(t.due, cal, warnDays, toVietnamInstant(now), { policy });
      if (n) next = Math.min(next, Date.parse(n));
    }
    for (const r of Object.values(state.receptions)) if (!r.alerted && Date.parse(r.alertAt) > now) next = Math.min(next, Date.parse(r.alertAt));
    // A closure that failed is retried at the regular cadence (maxSleepMs), not in a tight loop.
    for (const w of Object.values(state.waits)) if (!w.closed && Date.parse(w.closeAt) > now) next = Math.min(next, Date.parse(w.closeAt));
    for (const c of Object.values(state.corrections ?? {})) if (!c.alerted && correctionOverdueMs(c.due) > now) next = Math.min(next, correctionOverdueMs(c.due));
    for (const waits of Object.values(state.agencies ?? {}))
      for (const w of Object.values(waits)) if (!w.alerted && w.due && dayAfterMs(w.due.date) > now) next = Math.min(next, dayAfterMs(w.due.date));
    return Math.max(0, next - now);
  };

  /** Sleep until the next alert instant (at most `maxSleepMs`), then catch up and tick. */
  const schedule = (turn: ProjectionTurn<DeadlineWatcherState>): void => {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        void runner
          .exclusive(async (t) => {
            if (!running) return; // stopped while this wake-up waited for its turn
            await t.catchUp();
            await tickNow(t);
            schedule(t);
          })
          .catch(report),
      nextWake(turn.state),
    );
    timer.unref?.();
  };

  const runner = createProjectionRunner({
    store,
    projection: deadlineProjection(name, rules),
    onError: report,
    // A live append: alert what it made due, and re-plan the wake-up.
    onLiveCatchUp: async (turn) => {
      await tickNow(turn);
      schedule(turn);
    },
  });

  return {
    catchUp: async () => void (await runner.catchUp()),
    tick: (now) => runner.exclusive((turn) => tickNow(turn, now)),
    async start() {
      running = true;
      await runner.start();
      await runner.exclusive(async (turn) => {
        await tickNow(turn);
        schedule(turn);
      });
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await runner.stop();
      clearTimeout(timer);
    },
    size() {
      try {
        return Object.keys(runner.state.dossiers).length;
      } catch {
        return 0; // not loaded yet
      }
    },
  };
}
