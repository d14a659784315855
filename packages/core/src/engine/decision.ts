import { CalendarError } from '@motcua/calendar';
import type { Command } from '../commands/schemas';
import { decide, type DecideEnv } from '../dossier/decide';
import type { DossierState } from '../dossier/state';
import type { DossierEventBody } from '../events/types';
import { MotcuaError, ValidationError } from '../errors';

export type Decision = { kind: 'decided'; bodies: DossierEventBody[] } | { kind: 'refused'; error: MotcuaError };

/**
 * `decide`, as a result: the events, or the refusal (`INVALID_TRANSITION`,
 * `RULE_VIOLATION`, …). The calendar's own errors become what they mean for
 * the command: a time or date the calendar cannot compute from is the
 * caller's (`VALIDATION_FAILED`); a broken calendar invariant, like any other
 * error that is not a `MotcuaError`, is thrown (the engine reports it as
 * `INTERNAL`).
 */
export function decideCommand(command: Command, state: DossierState, env: DecideEnv): Decision {
  try {
    return { kind: 'decided', bodies: decide(command, state, env) };
  } catch (error) {
    if (error instanceof MotcuaError) return { kind: 'refused', error };
    if ((error instanceof CalendarError || (error as Error)?.name === 'CalendarError') && (error as CalendarError).code !== 'CALENDAR_INVARIANT') {
      const path = command.type === 'IssueApology' ? 'newDueDate' : 'at';
      const code = String((error as CalendarError).code)
        .replace(/^CALENDAR_/, 'calendar_')
        .toLowerCase();
      return { kind: 'refused', error: new ValidationError('The calendar cannot compute this', [{ code, path: [path], message: (error as Error).message }]) };
    }
    throw error;
  }
}
