import { alertSchedule, classifyPending, nextAlertAt, vietnamCalendar, type Due } from '../deadlines';
import { DEFAULT_RULE_PACKS } from '../procedure/rule-pack';
import type { Projection } from '../projection/projection';
import { createProjectionRunner } from '../projection/runner';
import type { ProjectionTurn } from '../projection/runner-types';
import type { StoredEvent } from '../store/types';
import { toVietnamInstant } from '../time';
import { DOSSIER_STREAM_PREFIX, dossierIdOfStream } from './types';
import type { DeadlineAlert, DeadlineWatcher, DeadlineWatcherOptions, DeadlineWatcherState, Tracked } from './watcher-types';
import { agencyWaitKey, applyAgencyWait, correctionOverdueMs, dayAfterMs, waitRules, type SupplementWait, type WaitRules } from './watcher-waits';

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
 * watched (rebuild to see them). `deadline-watcher/4` marks a pending
 * supplement request made past the due date (`Tracked.lateRequest`): its
 * answer keeps the due date watched (after an apology, the rescheduled one)
 * instead of taking the event's legal due. A `/3` checkpoint is resumed as it
 * is (a request pending at the upgrade is read as before).
 */
const VERSION = 'deadline-watcher/4';

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
    apply(state, event: StoredEvent) {
      const id = dossierIdOfStream(event.streamId);
      const data = event.data as Record<string, unknown>;
      const at = event.metadata.occurredAt;
      // After the return (NĐ 118/2025 Đ23.1): a reported error with a due date is watched until corrected.
      if (event.type === 'ResultErrorReported' || event.type === 'ResultCorrected') {
        const corrections = (state.corrections ??= {});
        if (event.type === 'ResultErrorReported' && data.due) corrections[id] = { due: data.due as Due, alerted: false };
        else delete corrections[id];
        return state;
      }
      if (ENDS.has(event.type)) {
        delete state.dossiers[id];
        delete state.pins[id];
        delete state.receptions[id];
        delete state.waits[id];
        if (state.agencies) delete state.agencies[id];
        return state;
      }
      const tracked = state.dossiers[id];
      const intake = (data.intake ?? data) as { rulePack?: string; procedure?: { code: string; version: string }; unit?: { code: string; name?: string } };
      if (intake.rulePack !== undefined && !state.pins[id])
        state.pins[id] = {
          pack: intake.rulePack,
          ...(intake.procedure ? { procedure: intake.procedure } : {}),
          ...(intake.unit ? { unit: { code: intake.unit.code, ...(intake.unit.name ? { name: intake.unit.name } : {}) } } : {}),
        };
      const pin = state.pins[id];
      if (applyAgencyWait((state.agencies ??= {}), id, event.type, data)) return state;
      switch (event.type) {
        case 'DossierSubmitted':
        case 'IntakeSupplementProvided': {
          // The applicant completed the dossier: the closure period of a supplement notice no longer runs (Đ19.5).
          delete state.waits[id];
          // NĐ 118/2025 Đ17.2: alert the receiving officer within N hours of system receipt.
          const wait = pin && rules.reception(pin.pack, at);
          if (wait) state.receptions[id] = wait;
          break;
        }
        case 'IntakeSupplementRequested': {
          delete state.receptions[id];
          const wait = pin && rules.closure(pin, at);
          if (wait) state.waits[id] = wait;
          break;
        }
        case 'DossierAccepted':
          delete state.receptions[id];
          delete state.waits[id];
          state.dossiers[id] = {
            code: data.dossierCode as string,
            due: data.due as Due,
            ...((data.limit as { unit?: string } | undefined)?.unit === 'workingHours' ? { hours: true as const } : {}),
            paused: false,
            alerted: 'none',
          };
          break;
        case 'SupplementRequested': {
          // A request past the due date stops nothing (`afterDue`): the dossier stays overdue and keeps its alerts.
          if (tracked && data.afterDue !== true) tracked.paused = true;
          else if (tracked) tracked.lateRequest = true;
          const wait = pin && rules.closure(pin, at);
          if (wait) state.waits[id] = { ...wait, ...(tracked?.code ? { code: tracked.code } : {}) };
          break;
        }
        case 'WithdrawalRequested':
          // The dossier ended for processing (only `StopProcessing` follows; reports count it ended): no due-soon,
          // overdue, closure or agency alert any more.
          delete state.dossiers[id];
          delete state.waits[id];
          if (state.agencies) delete state.agencies[id];
          break;
        case 'SupplementProvided':
          delete state.waits[id];
          // A restart gives a new due date and a fresh set of alerts; an answer that restarts nothing (a request past the due date)
          // keeps them — and keeps the due date watched: after an apology that is the rescheduled one, while the event's `due`
          // is the legal one (`SupplementProvided.due` of a late request is the unchanged legal due, not the appointment).
          if (tracked) {
            const restarts = tracked.lateRequest !== true && (data.due as Due).at !== tracked.due.at;
            delete tracked.lateRequest;
            Object.assign(tracked, restarts ? { due: data.due as Due, paused: false, alerted: 'none' } : { paused: false });
          }
          break;
        case 'ApologyIssued':
          if (tracked) Object.assign(tracked, { due: data.newDue as Due, alerted: 'none' });
          break;
      }
      return state;
    },
    toSnapshot: (state) => state,
    fromSnapshot: (snap) => snap,
    // Version 1 (or untagged) checkpoints: resumed with empty waits (see VERSION).
    // Version 2 checkpoints: resumed with no agency waits (see VERSION). Version 3: resumed as they are (see VERSION).
    upgrade: (saved) =>
      saved.tag === undefined || saved.tag === 'deadline-watcher/1'
        ? { dossiers: (saved.state as { dossiers: Record<string, Tracked> }).dossiers, pins: {}, receptions: {}, waits: {}, agencies: {} }
        : saved.tag === 'deadline-watcher/2'
          ? { ...(saved.state as DeadlineWatcherState), agencies: {} }
          : saved.tag === 'deadline-watcher/3'
            ? (saved.state as DeadlineWatcherState)
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
  // A limit in working hours is passed only by working time (from the first working instant after its due).
  const byTime = { minute: { policy: 'workingTime' as const }, other: { policy } };
  const policyOf = (tracked: Tracked) => (tracked.hours && policy === 'minute' ? byTime.minute : byTime.other);
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
    for (const [dossierId, tracked] of Object.entries(state.dossiers)) {
      if (tracked.paused) continue;
      const bucket = classifyPending(at, tracked.due, cal, { warnDays, ...policyOf(tracked) });
      if (bucket === 'withinTime' || RANK[bucket] <= RANK[tracked.alerted]) continue;
      const sched = alertSchedule(tracked.due, cal, warnDays, policyOf(tracked));
      alerts.push({
        dossierId,
        ...(tracked.code ? { dossierCode: tracked.code } : {}),
        bucket,
        due: tracked.due,
        since: bucket === 'overdue' ? sched.overdueAt : sched.dueSoonAt!,
        key: `${dossierId}:${bucket}:${tracked.due.date}`,
      });
    }
    const nowMs = Date.parse(at);
    const waitAlerts: DeadlineAlert[] = [];
    for (const [dossierId, reception] of Object.entries(state.receptions)) {
      if (reception.alerted || nowMs < Date.parse(reception.alertAt)) continue;
      waitAlerts.push({ dossierId, bucket: 'receptionAlert', due: reception.due, since: reception.alertAt, key: `${dossierId}:receptionAlert:${reception.alertAt}` });
    }
    const toClose: [DeadlineAlert, SupplementWait][] = [];
    for (const [dossierId, wait] of Object.entries(state.waits)) {
      if (wait.closed || nowMs < Date.parse(wait.closeAt)) continue;
      const alert: DeadlineAlert = {
        dossierId,
        ...(wait.code ? { dossierCode: wait.code } : {}),
        bucket: 'closure',
        due: { date: wait.periodEnded, at: wait.closeAt },
        since: wait.closeAt,
        key: `${dossierId}:closure:${wait.periodEnded}`,
      };
      if (!wait.alerted) waitAlerts.push(alert);
      toClose.push([alert, wait]);
    }
    for (const [dossierId, correction] of Object.entries(state.corrections ?? {})) {
      if (correction.alerted || nowMs < correctionOverdueMs(correction.due)) continue;
      waitAlerts.push({
        dossierId,
        bucket: 'correctionOverdue',
        due: correction.due,
        since: toVietnamInstant(correctionOverdueMs(correction.due)),
        key: `${dossierId}:correctionOverdue:${correction.due.date}`,
      });
    }
    for (const [dossierId, waits] of Object.entries(state.agencies ?? {}))
      for (const wait of Object.values(waits)) {
        if (wait.alerted || !wait.due || nowMs < dayAfterMs(wait.due.date)) continue;
        const pin = state.pins[dossierId];
        const code = state.dossiers[dossierId]?.code;
        waitAlerts.push({
          dossierId,
          ...(code ? { dossierCode: code } : {}),
          bucket: 'lateAgency',
          due: wait.due,
          since: toVietnamInstant(dayAfterMs(wait.due.date)),
          key: `${dossierId}:lateAgency:${agencyWaitKey(wait.kind, wait.ref)}:${wait.due.date}`,
          lateAgency: { kind: wait.kind, ref: wait.ref, agency: wait.agency, to: { role: 'unitHead', ...(pin?.unit ? { unit: pin.unit } : {}) } },
        });
      }
    for (const alert of alerts) {
      await onAlert(alert);
      state.dossiers[alert.dossierId]!.alerted = alert.bucket as Tracked['alerted'];
    }
    for (const alert of waitAlerts) {
      await onAlert(alert);
      if (alert.bucket === 'receptionAlert') state.receptions[alert.dossierId]!.alerted = true;
      else if (alert.bucket === 'correctionOverdue') state.corrections![alert.dossierId]!.alerted = true;
      else if (alert.bucket === 'lateAgency') state.agencies![alert.dossierId]![agencyWaitKey(alert.lateAgency!.kind, alert.lateAgency!.ref)]!.alerted = true;
      else state.waits[alert.dossierId]!.alerted = true;
    }
    let closed = 0;
    if (options.closeExpired)
      for (const [alert, wait] of toClose) {
        try {
          await options.closeExpired(alert, at);
          wait.closed = true;
          closed++;
        } catch (error) {
          report(error); // retried on the next tick
        }
      }
    if (alerts.length + waitAlerts.length + closed) await turn.save();
    return [...alerts, ...waitAlerts];
  };

  const nextWake = (state: DeadlineWatcherState): number => {
    const now = clock().getTime();
    let next = now + maxSleep;
    for (const tracked of Object.values(state.dossiers)) {
      if (tracked.paused) continue;
      const alertAt = nextAlertAt(tracked.due, cal, warnDays, toVietnamInstant(now), policyOf(tracked));
      if (alertAt) next = Math.min(next, Date.parse(alertAt));
    }
    for (const reception of Object.values(state.receptions)) if (!reception.alerted && Date.parse(reception.alertAt) > now) next = Math.min(next, Date.parse(reception.alertAt));
    // A closure that failed is retried at the regular cadence (maxSleepMs), not in a tight loop.
    for (const wait of Object.values(state.waits)) if (!wait.closed && Date.parse(wait.closeAt) > now) next = Math.min(next, Date.parse(wait.closeAt));
    for (const correction of Object.values(state.corrections ?? {}))
      if (!correction.alerted && correctionOverdueMs(correction.due) > now) next = Math.min(next, correctionOverdueMs(correction.due));
    for (const waits of Object.values(state.agencies ?? {}))
      for (const wait of Object.values(waits)) if (!wait.alerted && wait.due && dayAfterMs(wait.due.date) > now) next = Math.min(next, dayAfterMs(wait.due.date));
    return Math.max(0, next - now);
  };

  /** Sleep until the next alert instant (at most `maxSleepMs`), then catch up and tick. */
  const schedule = (turn: ProjectionTurn<DeadlineWatcherState>): void => {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        void runner
          .exclusive(async (wakeTurn) => {
            if (!running) return; // stopped while this wake-up waited for its turn
            await wakeTurn.catchUp();
            await tickNow(wakeTurn);
            schedule(wakeTurn);
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
