import { v5 as uuidv5 } from 'uuid';
import type { CommandInput } from '../commands/schemas';
import { InvalidTransitionError, RuleViolationError } from '../errors';
import type { DeadlineAlert } from './watcher-types';
import type { Engine } from './types';

/** Namespace of the command ids `closeExpiredWith` derives from alert keys (a retry is the same command: idempotent). */
const CLOSE_NAMESPACE = '6f1c2f9e-4b1a-5c7d-9a51-0d3e8b7c1182';

/**
 * The deadline watcher's `closeExpired` for an engine: executes `CloseDossier`
 * as `actor` (the system) at the first instant the closure is allowed (the
 * tick's instant if the dossier recorded something after it), for a dossier whose applicant
 * did not complete the supplement within the period (NĐ 118/2025 Đ19.5). The
 * command id is derived from the alert's key, so a retry after a crash is the
 * same command (idempotent). A dossier that left the waiting state meanwhile
 * (supplement provided, withdrawn: `INVALID_TRANSITION`) is left alone; any
 * other error is thrown (the watcher reports it and retries).
 *
 * @example
 * ```ts
 * const watcher = createDeadlineWatcher({
 *   store,
 *   onAlert: (a) => console.log(a.bucket, a.dossierCode),
 *   closeExpired: closeExpiredWith(engine, { id: 'he-thong', role: 'system' }),
 * });
 * ```
 */
export function closeExpiredWith(
  engine: Pick<Engine, 'execute'>,
  actor: { id: string; role: string; unit?: string; name?: string },
  reason = 'Quá thời hạn bổ sung, hoàn thiện hồ sơ (NĐ 118/2025 Điều 19.5)',
): (alert: DeadlineAlert, now: string) => Promise<void> {
  const close = (alert: DeadlineAlert, at: string, key: string) =>
    engine.execute({ type: 'CloseDossier', commandId: uuidv5(key, CLOSE_NAMESPACE), dossierId: alert.dossierId, actor, reason, at } satisfies CommandInput);
  return async (alert, now) => {
    try {
      try {
        // At the first instant the closure is allowed: the same command (same id and payload) on every retry.
        await close(alert, alert.since, alert.key);
      } catch (error) {
        // Something was recorded on the dossier after that instant (e.g. a portal sync): close now instead.
        if (!(error instanceof RuleViolationError && error.rule === 'TIME_BEFORE_LAST_EVENT')) throw error;
        await close(alert, now, `${alert.key}:${now}`);
      }
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
    }
  };
}
