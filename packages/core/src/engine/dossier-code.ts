import type { Command, CommandType } from '../commands/schemas';
import { dossierCodeSequenceKey, formatDossierCode } from '../dossier/code';
import type { DossierState } from '../dossier/state';
import { ValidationError } from '../errors';
import type { RulePack } from '../procedure/rule-pack';
import type { EventStore } from '../store/types';
import { localDateOf } from '../time';

/** Commands that accept a dossier, and so give it its code. */
export const NEEDS_CODE: ReadonlySet<CommandType> = new Set(['ReceiveDossier', 'HandleInstantly']);

/** The dossier code a command holds: reserved on its first verified attempt, kept across its retries while the day stays the same. */
export interface HeldCode {
  code: string;
  day: string;
}

export type CodeReservation = { kind: 'reserved'; held: HeldCode } | { kind: 'refused'; error: ValidationError };

/**
 * Reserve a dossier code (`nextSequence`, per unit per day) for a command that
 * accepts a dossier. A code is a number taken for good: call this only on
 * verified state, and only for a command that has what acceptance needs
 * (unit, applicant, channel — from the command or the dossier; else
 * `VALIDATION_FAILED` naming what is missing). A code already held for the
 * same day is kept.
 */
export async function reserveCode(store: EventStore, c: Command, s: DossierState, at: string, rulePack: RulePack, held: HeldCode | undefined): Promise<CodeReservation> {
  const day = localDateOf(at);
  if (held && held.day === day) return { kind: 'reserved', held };
  const intake = c as { unit?: { code: string }; applicant?: unknown; channel?: unknown };
  const missing = (['unit', 'applicant', 'channel'] as const).filter((k) => !intake[k] && !s[k]);
  if (missing.length)
    return {
      kind: 'refused',
      error: new ValidationError(
        'Missing intake data for a new dossier',
        missing.map((m) => ({ code: 'invalid_type', path: [m], message: 'required when the dossier was not submitted before' })),
      ),
    };
  const unitCode = intake.unit?.code ?? s.unit!.code;
  const code = formatDossierCode(unitCode, day, await store.nextSequence(dossierCodeSequenceKey(unitCode, day)), rulePack.dossierCodePattern);
  return { kind: 'reserved', held: { code, day } };
}
