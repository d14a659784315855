import type { CommandOf } from '../commands/schemas';
import type { DossierState } from '../dossier/state';
import { InternalError, RuleViolationError } from '../errors';
import type { DossierEventBody } from '../events/types';
import type { StoredEvent } from '../store/types';
import { compareInstants, toVietnamInstant } from '../time';
import type { CorrectableType } from './correctable';
import { correctionPlace } from './order';

/**
 * The event of a `CorrectEvent` command (pure): the target must have
 * happened (`CORRECTION_TARGET_MISSING`), the value must change
 * (`CORRECTION_NO_CHANGE`), must not lie after the correction itself
 * (`CORRECTION_IN_FUTURE`) and must keep the event in its place in the
 * dossier's history (`CORRECTION_OUT_OF_ORDER`): not before the event just
 * before the target in stream order, not after the event just after it —
 * whatever their types (an annotation too: a portal sync that reported the
 * resolution, a rating of the return, an earlier correction), at their
 * corrected times, equal instants allowed (the engine accepts two events at
 * the same instant, so the same history entered right could have them). That
 * covers the old bounds (a resolution not before the reception nor after the
 * return, a return not before the resolution) and every step in between (a
 * resolution cannot move into a supplement pause nor before the transfer; a
 * return cannot move after a reported error in its result).
 *
 * `history` is the dossier's stored events up to `state.version`, in stream
 * order (`DecideEnv.history`; the engine reads it for this command).
 */
export function decideCorrection(command: CommandOf<'CorrectEvent'>, state: DossierState, at: string, history: readonly StoredEvent[] | undefined): DossierEventBody[] {
  const type = command.target.type;
  const current =
    type === 'ResultReturned' ? state.returned?.at : state.resolution?.outcome === (type === 'DossierResolved' ? 'granted' : 'refused') ? state.resolution.at : undefined;
  if (current === undefined) throw new RuleViolationError('CORRECTION_TARGET_MISSING', `The dossier has no ${type} event to correct`, ['target', 'type']);
  const to = toVietnamInstant(command.value);
  if (compareInstants(to, current) === 0) throw new RuleViolationError('CORRECTION_NO_CHANGE', `${type} already has ${command.field} ${current}`, ['value']);
  if (compareInstants(to, at) > 0) throw new RuleViolationError('CORRECTION_IN_FUTURE', `The corrected time ${to} is after the correction itself (${at})`, ['value']);
  checkPlace(type, to, state, history);
  return [
    {
      type: 'EventCorrected',
      data: { target: { type }, field: command.field, from: current, to, reason: command.reason, ...(command.requestedBy ? { requestedBy: command.requestedBy } : {}) },
    },
  ];
}

/** `CORRECTION_OUT_OF_ORDER` unless `to` lies between the target's neighbours in the (corrected) history. */
function checkPlace(type: CorrectableType, to: string, state: DossierState, history: readonly StoredEvent[] | undefined): void {
  if (history === undefined) throw new InternalError("decide: a CorrectEvent needs env.history, the dossier's events up to its version", undefined);
  if ((history.at(-1)?.version ?? 0) !== state.version || history.length !== state.version)
    throw new InternalError(`decide: env.history (${history.length} events) is not the history of the state (version ${state.version})`, undefined);
  const place = correctionPlace(history, type);
  if (!place) throw new InternalError(`decide: the state has a ${type} that its history has not`, undefined);
  const { before, after } = place;
  if (before && compareInstants(to, before.metadata.occurredAt) < 0)
    throw new RuleViolationError(
      'CORRECTION_OUT_OF_ORDER',
      `The corrected time ${to} of ${type} is before ${before.type} at ${before.metadata.occurredAt} (version ${before.version}), the event just before it: a correction keeps the event in its place in the dossier's history`,
      ['value'],
    );
  if (after && compareInstants(to, after.metadata.occurredAt) > 0)
    throw new RuleViolationError(
      'CORRECTION_OUT_OF_ORDER',
      `The corrected time ${to} of ${type} is after ${after.type} at ${after.metadata.occurredAt} (version ${after.version}), the event just after it: a correction keeps the event in its place in the dossier's history`,
      ['value'],
    );
}
