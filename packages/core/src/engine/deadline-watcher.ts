import { alertSchedule, classifyPending, nextAlertAt, vietnamCalendar, type ComparePolicy, type Due, type WorkingCalendar } from '../deadlines';
import type { Projection } from '../projection/projection';
import { createProjectionRunner, type ProjectionTurn } from '../projection/runner';
import type { EventStore, StoredEvent } from '../store/types';
import { toVietnamInstant } from '../time';
import { DOSSIER_STREAM_PREFIX, dossierIdOfStream } from './types';

/** A pending dossier entered the warning window or became overdue. */
export interface DeadlineAlert {
  dossierId: string;
  dossierCode?: string;
  bucket: 'dueSoon' | 'overdue';
  /** The due date the alert is about (legal, restarted, or rescheduled). */
  due: Due;
  /** When the bucket began (from the calendar), not when it was noticed. */
  since: string;
  /** Stable key for deduplicating at-least-once deliveries. */
  key: string;
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
}

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
}

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
const TYPES = ['DossierAccepted', 'SupplementRequested', 'SupplementProvided', 'ApologyIssued', ...ENDS];

/** Checkpoint tag of the watcher's state (checkpoints saved before it had one are read as is). */
const VERSION = 'deadline-watcher/1';

/**
 * The watcher's projection: the pending dossiers' due dates and what was
 * already alerted, from the events that move them.
 */
function deadlineProjection(name: string): Projection<DeadlineWatcherState, DeadlineWatcherState> {
  return {
    name,
    version: VERSION,
    filter: { types: TYPES, streamPrefix: DOSSIER_STREAM_PREFIX },
    init: () => ({ dossiers: {} }),
    apply(state, e: StoredEvent) {
      const id = dossierIdOfStream(e.streamId);
      const d = e.data as Record<string, unknown>;
      if (ENDS.has(e.type)) {
        delete state.dossiers[id];
        return state;
      }
      const t = state.dossiers[id];
      switch (e.type) {
        case 'DossierAccepted':
          state.dossiers[id] = { code: d.dossierCode as string, due: d.due as Due, paused: false, alerted: 'none' };
          break;
        case 'SupplementRequested':
          if (t) t.paused = true;
          break;
        case 'SupplementProvided':
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
    // Checkpoints written before the tag existed hold the same state: resume, do not alert again.
    upgrade: (saved) => (saved.tag === undefined ? (saved.state as DeadlineWatcherState) : undefined),
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
    for (const a of alerts) {
      await onAlert(a);
      state.dossiers[a.dossierId]!.alerted = a.bucket;
    }
    if (alerts.length) await turn.save();
    return alerts;
  };

  const nextWake = (state: DeadlineWatcherState): number => {
    const now = clock().getTime();
    let next = now + maxSleep;
    for (const t of Object.values(state.dossiers)) {
      if (t.paused) continue;
      const n = nextAlertAt(t.due, cal, warnDays, toVietnamInstant(now), { policy });
      if (n) next = Math.min(next, Date.parse(n));
    }
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
    projection: deadlineProjection(name),
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
