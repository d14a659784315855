/**
 * The rules NĐ 118/2025 added to `decide` (pure): one supplement request
 * (Đ11.2c, Đ16.3, Đ17.2a), the period before an uncompleted dossier is closed
 * (Đ19.5), the electronic result's document code (Đ22.4). Each applies only
 * under a rule pack that has it (see docs/lifecycle.md, "2018 pack vs 2025 pack").
 */
import { RuleViolationError } from '../errors';
import type { Procedure } from '../procedure/procedure';
import { citation, type RulePack } from '../procedure/rule-pack';
import type { DecideEnv } from './decide';
import type { DossierState } from './state';

/** Days (calendar days) the applicant has to complete a requested supplement before the dossier may be closed (NĐ 118/2025 Đ19.5): the 2025 pack's default. */
export const SUPPLEMENT_PERIOD_DAYS = 15;

/**
 * Calendar days the applicant has to complete a requested supplement under a
 * pack (NĐ 118/2025 Đ19.5: 15 days or the sector's period, the procedure's
 * `supplementPeriodDays`); undefined when the pack does not close uncompleted
 * dossiers (NĐ 61/2018).
 */
export function supplementPeriodDays(procedure: Pick<Procedure, 'supplementPeriodDays'> | undefined, pack: RulePack): number | undefined {
  if (pack.closeUncompletedAfterDays === undefined) return undefined;
  return procedure?.supplementPeriodDays ?? pack.closeUncompletedAfterDays;
}

/**
 * One supplement request only (NĐ 118/2025 Đ11.2c, Đ16.3, Đ17.2a): refuse a
 * request beyond the pack's `maxSupplementRequests`, per stage (intake /
 * after appraisal) or shared, per `supplementLimitScope`. No limit when the
 * pack has none (NĐ 61/2018: counted late on the KPI clock instead).
 */
export function checkSupplementLimit(state: DossierState, stage: 'intake' | 'appraisal', pack: RulePack): void {
  const max = pack.maxSupplementRequests;
  if (max === undefined) return;
  const shared = pack.supplementLimitScope === 'shared';
  const made = shared ? state.intakeSupplements.length + state.supplements.length : stage === 'intake' ? state.intakeSupplements.length : state.supplements.length;
  if (made >= max)
    throw new RuleViolationError(
      'SUPPLEMENT_LIMIT',
      `A supplement may be requested only ${max === 1 ? 'once' : `${max} times`}${shared ? '' : stage === 'intake' ? ' at intake' : ' after appraisal'} (${citation(pack, 'supplementLimit')}): ${made} already requested`,
      ['type'],
    );
}

/**
 * The electronic result's document code (NĐ 118/2025 Đ22.4): the applicant's
 * personal or organisation identifier + the procedure's result-type code,
 * joined by `-` [U: the portal's exact layout]. Absent for a paper result,
 * under a pack without the rule, or when either part is missing (the result
 * is still valid; the portal sync names what is missing).
 */
export function resultCode(electronic: boolean, state: DossierState, env: DecideEnv, applicant = state.applicant): { resultDocumentCode?: string } {
  const type = env.procedure.resultTypeCode;
  const id = applicant?.idNumber;
  if (!electronic || !env.rulePack.resultDocumentCode || !type || !id) return {};
  return { resultDocumentCode: `${id}-${type}` };
}
