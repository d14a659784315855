import type { CommandOf } from '../commands/schemas';
import type { DossierState } from '../dossier/state';
import { RuleViolationError } from '../errors';
import type { DossierEventBody } from '../events/types';
import { compareInstants, toVietnamInstant } from '../time';

/**
 * The event of a `CorrectEvent` command (pure): the target must have
 * happened (`CORRECTION_TARGET_MISSING`), the value must change
 * (`CORRECTION_NO_CHANGE`), must not lie after the correction itself
 * (`CORRECTION_IN_FUTURE`) and must keep the dossier's order: a resolution
 * not before the reception nor after the return, a return not before the
 * resolution (`CORRECTION_OUT_OF_ORDER`).
 */
export function decideCorrection(command: CommandOf<'CorrectEvent'>, state: DossierState, at: string): DossierEventBody[] {
  const type = command.target.type;
  const current =
    type === 'ResultReturned' ? state.returned?.at : state.resolution?.outcome === (type === 'DossierResolved' ? 'granted' : 'refused') ? state.resolution.at : undefined;
  if (current === undefined) throw new RuleViolationError('CORRECTION_TARGET_MISSING', `The dossier has no ${type} event to correct`, ['target', 'type']);
  const to = toVietnamInstant(command.value);
  if (compareInstants(to, current) === 0) throw new RuleViolationError('CORRECTION_NO_CHANGE', `${type} already has ${command.field} ${current}`, ['value']);
  if (compareInstants(to, at) > 0) throw new RuleViolationError('CORRECTION_IN_FUTURE', `The corrected time ${to} is after the correction itself (${at})`, ['value']);
  const [lower, upper] = type === 'ResultReturned' ? [state.resolution?.at, undefined] : [state.acceptedAt ?? state.submittedAt, state.returned?.at];
  if ((lower !== undefined && compareInstants(to, lower) < 0) || (upper !== undefined && compareInstants(to, upper) > 0))
    throw new RuleViolationError('CORRECTION_OUT_OF_ORDER', `The corrected time ${to} must lie between ${lower ?? '…'} and ${upper ?? '…'}`, ['value']);
  return [
    {
      type: 'EventCorrected',
      data: { target: { type }, field: command.field, from: current, to, reason: command.reason, ...(command.requestedBy ? { requestedBy: command.requestedBy } : {}) },
    },
  ];
}
