import type { Command, CommandType } from '../commands/schemas';
import { dossierCodeSequenceKey, formatDossierCode } from '../dossier/code';
import type { DossierState } from '../dossier/state';
import { ValidationError } from '../errors';
import type { Procedure } from '../procedure/procedure';
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
 * same day is kept. The code's unit is {@link codeUnitOf}'s.
 */
export async function reserveCode(
  store: EventStore,
  command: Command,
  state: DossierState,
  at: string,
  rulePack: RulePack,
  held: HeldCode | undefined,
  procedure?: Procedure,
): Promise<CodeReservation> {
  const day = localDateOf(at);
  if (held && held.day === day) return { kind: 'reserved', held };
  const intake = command as { unit?: { code: string }; applicant?: unknown; channel?: unknown; competentUnit?: { code: string } };
  const missing = (['unit', 'applicant', 'channel'] as const).filter((k) => !intake[k] && !state[k]);
  if (missing.length)
    return {
      kind: 'refused',
      error: new ValidationError(
        'Missing intake data for a new dossier',
        missing.map((field) => ({ code: 'invalid_type', path: [field], message: 'required when the dossier was not submitted before' })),
      ),
    };
  const unitCode = codeUnitOf(rulePack, {
    receiving: intake.unit?.code ?? state.unit!.code,
    competent: intake.competentUnit?.code ?? state.competentUnit?.code,
    channel: (intake.channel ?? state.channel) as string,
    jointGroup: procedure?.route !== undefined,
  });
  const code = formatDossierCode(unitCode, day, await store.nextSequence(dossierCodeSequenceKey(unitCode, day)), rulePack.dossierCodePattern);
  return { kind: 'reserved', held: { code, day } };
}

/** What decides the unit identifier of a dossier code. */
export interface CodeUnitInput {
  /** The receiving unit's code. */
  receiving: string;
  /** The competent unit's code when the intake names one (NĐ 118/2025 Đ14.2). */
  competent?: string;
  channel: string;
  /** The procedure belongs to a joint group (nhóm thủ tục liên thông): it has an inter-agency route. */
  jointGroup: boolean;
}

/**
 * The unit identifier that prefixes a dossier code. 2018 pack (TT 01/2018
 * Đ19, NĐ 61 Đ26): the receiving unit. 2025 pack (`dossierCodeUnit:
 * 'competent'`, NĐ 118/2025 Đ28.2): the competent agency (the intake's
 * `competentUnit`, else the receiving unit, which is then competent); for a
 * joint group the receiving unit, or the national portal
 * (`nationalPortalCode`, default `'DVCQG'` [U]) when filed online.
 *
 * @example
 * ```ts
 * import { RULE_PACK_2025 } from '@motcua/core';
 * codeUnitOf(RULE_PACK_2025, { receiving: '000.01.00.H26', competent: '000.02.00.H26', channel: 'direct', jointGroup: false }); // '000.02.00.H26'
 * ```
 */
export function codeUnitOf(rulePack: RulePack, input: CodeUnitInput): string {
  if (rulePack.dossierCodeUnit !== 'competent') return input.receiving;
  if (input.jointGroup) return input.channel === 'online' ? (rulePack.nationalPortalCode ?? 'DVCQG') : input.receiving;
  return input.competent ?? input.receiving;
}
