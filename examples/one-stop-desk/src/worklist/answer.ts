/**
 * The JSON of `GET /api/worklist`: one page of dossier-list rows (without the
 * table's internal sort keys and folded name) and the next page's cursor.
 */
import { z } from 'zod';
import type { DossierListRow } from '@motcua/core';
import { WORKLISTS } from './worklist-query';

const nullableText = z.string().nullable();

/** A row of a worklist answer. */
export const worklistRowSchema = z.object({
  dossierId: z.string(),
  code: nullableText,
  unit: nullableText,
  handlingUnit: nullableText,
  procedure: nullableText,
  state: z.string(),
  nationalStatus: z.number().int().min(1).max(10).nullable(),
  officer: nullableText,
  step: nullableText.describe('The internal approval step in progress (draft, review, sign)'),
  assignee: nullableText,
  stepDueAt: nullableText,
  holder: nullableText.describe("Who holds the dossier now: the step's assignee, else its officer"),
  channel: nullableText,
  receivedAt: nullableText,
  dueDate: nullableText,
  dueAt: nullableText,
  open: z.boolean(),
  awaitingSignature: z.boolean(),
  applicantName: nullableText,
  idNumber: nullableText,
  version: z.number().int(),
});

/** `GET /api/worklist`'s answer. */
export const worklistAnswerSchema = z
  .object({ list: z.enum(WORKLISTS), rows: z.array(worklistRowSchema), nextCursor: z.string().nullable().describe('Pass as `after` for the next page; null on the last page') })
  .meta({ id: 'WorklistAnswer' });

/**
 * A dossier-list row as the API answers it.
 *
 * @example
 * ```ts
 * import { dossierListRow, initialDossierState } from '@motcua/core';
 * dossierListRowAnswer(dossierListRow(initialDossierState('d1'))).open; // true
 * ```
 */
export function dossierListRowAnswer(row: DossierListRow): z.infer<typeof worklistRowSchema> {
  return {
    dossierId: row.dossierId,
    code: row.code,
    unit: row.unit,
    handlingUnit: row.handlingUnit,
    procedure: row.procedure,
    state: row.state,
    nationalStatus: row.nationalStatus,
    officer: row.officer,
    step: row.step,
    assignee: row.assignee,
    stepDueAt: row.stepDueAt,
    holder: row.holder,
    channel: row.channel,
    receivedAt: row.receivedAt,
    dueDate: row.dueDate,
    dueAt: row.dueAt,
    open: row.open,
    awaitingSignature: row.awaitingSignature,
    applicantName: row.applicantName,
    idNumber: row.idNumber,
    version: row.version,
  };
}
