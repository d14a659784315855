import { alertSchedule, classifyPending, nextAlertAt, vietnamCalendar, type ComparePolicy, type Due, type WorkingCalendar } from '../deadlines';
import type { EventStore, StoredEvent } from '../store/types';
import { toVietnamInstant } from '../time';

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
  /** Read new events from the checkpoint and save state + checkpoint together. */
  catchUp(): Promise<void>;
  /** Emit the alerts due at `now` (default: the clock) and save. Returns what was emitted. */
  tick(now?: Date | string): Promise<DeadlineAlert[]>;
  /** Catch up, tick, then follow live appends and wake at the next alert instant. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Dossiers being watched. */
  size(): number;
}

const RANK = { none: 0, dueSoon: 1, overdue: 2 } as const;
const ENDS = new Set(['DossierResolved', 'ResolutionRefused', 'ProcessingStopped', 'ReceptionRefused', 'ResultReturned']);
const TYPES = ['DossierAccepted', 'SupplementRequested', 'SupplementProvided', 'ApologyIssued', ...ENDS];

/**
 * A durable deadline watcher (theo dõi hạn xử lý): tells the application when
 * pending dossiers become due-soon or overdue. Its state is derived from the
 * event log and the calendar — never from XState `after` timers, which are
 * lost on restore — and is saved with its checkpoint through the store's
 * projection slot, so a restart neither repeats nor misses a bucket change.
 * Delivery is at-least-once (an alert emitted just before a crash is emitted
 * again after it); deduplicate with `alert.key`.
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
  let state: DeadlineWatcherState = { dossiers: {} };
  let position = 0;
  let loaded = false;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = chain.then(f, f);
    chain = p.catch(() => undefined);
    return p;
  };

  const apply = (e: StoredEvent) => {
    const id = e.streamId.slice('dossier-'.length);
    const d = e.data as Record<string, unknown>;
    if (ENDS.has(e.type)) {
      delete state.dossiers[id];
      return;
    }
    const t = state.dossiers[id];
    switch (e.type) {
      case 'DossierAccepted':
        state.dossiers[id] = { code: d.dossierCode as string, due: d.due as Due, paused: false, alerted: 'none' };
        return;
      case 'SupplementRequested':
        if (t) t.paused = true;
        return;
      case 'SupplementProvided':
        if (t) Object.assign(t, { due: d.due as Due, paused: false, alerted: 'none' });
        return;
      case 'ApologyIssued':
        if (t) Object.assign(t, { due: d.newDue as Due, alerted: 'none' });
        return;
    }
  };

  const load = async () => {
    if (loaded) return;
    const snap = await store.loadProjection<DeadlineWatcherState>(name);
    if (snap) {
      state = snap.state;
      position = snap.position;
    }
    loaded = true;
  };

  const catchUpNow = async () => {
    await load();
    const before = position;
    // Read up to a head taken first, so filtered-out events never move the checkpoint past unread ones.
    const head = await store.headPosition();
    if (head <= position) return;
    for await (const batch of store.readBatches({ after: position, to: head, streamPrefix: 'dossier-', types: TYPES })) {
      for (const e of batch) apply(e);
    }
    position = head;
    if (position !== before) await store.saveProjection(name, { state, position });
  };

  const tickNow = async (now: Date | string = clock()) => {
    await load();
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
    if (alerts.length) await store.saveProjection(name, { state, position });
    return alerts;
  };

  const nextWake = (): number => {
    const now = clock().getTime();
    let next = now + maxSleep;
    for (const t of Object.values(state.dossiers)) {
      if (t.paused) continue;
      const n = nextAlertAt(t.due, cal, warnDays, toVietnamInstant(now), { policy });
      if (n) next = Math.min(next, Date.parse(n));
    }
    return Math.max(0, next - now);
  };

  const schedule = () => {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => void serial(async () => {
      await catchUpNow();
      await tickNow();
      schedule();
    }).catch((e) => store.notifications.emit('error', e as Error)), nextWake());
    timer.unref?.();
  };

  const onAppended = () => void serial(async () => {
    await catchUpNow();
    await tickNow();
    schedule();
  }).catch((e) => store.notifications.emit('error', e as Error));

  return {
    catchUp: () => serial(catchUpNow),
    tick: (now) => serial(() => tickNow(now)),
    async start() {
      running = true;
      await serial(async () => {
        await catchUpNow();
        await tickNow();
      });
      store.notifications.on('appended', onAppended);
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      store.notifications.off('appended', onAppended);
      await chain;
    },
    size: () => Object.keys(state.dossiers).length,
  };
}
