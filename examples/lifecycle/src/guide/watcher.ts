import { vietnamCalendar } from '@motcua/calendar';
import { createDeadlineWatcher, type Catalog, type DeadlineAlert, type DeadlineWatcher, type EventStore } from '@motcua/core';

/**
 * Reminders: the watcher follows the log and calls `onAlert` when a dossier
 * enters the warning window (2 working days before its due date), becomes
 * overdue, or waits too long at reception or for a supplement. Alerts are
 * at-least-once: deduplicate with `alert.key`.
 */
export function reminders(store: EventStore, catalog: Catalog, send: (alert: DeadlineAlert) => Promise<void>): DeadlineWatcher {
  const sent = new Set<string>();
  return createDeadlineWatcher({
    store,
    catalog,
    calendar: vietnamCalendar(),
    warnDays: 2,
    async onAlert(alert) {
      if (sent.has(alert.key)) return;
      await send(alert); // SMS, e-mail, the officer's inbox…
      sent.add(alert.key);
    },
  });
}
