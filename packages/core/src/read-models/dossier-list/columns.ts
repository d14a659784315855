import type { NationalStatus } from '../../machine/national-status';
import type { DossierListRow } from './row';
import { sortKeyOf } from './query';

/** The read-model table's columns, in the order of {@link dossierListValues} (both adapters). */
export const DOSSIER_LIST_COLUMNS = [
  'dossier_id',
  'code',
  'unit',
  'handling_unit',
  'procedure',
  'state',
  'top_level',
  'national_status',
  'officer',
  'channel',
  'received_at',
  'received_ms',
  'due_date',
  'due_at',
  'due_ms',
  'open',
  'awaiting_signature',
  'applicant_name',
  'applicant_folded',
  'id_number',
  'version',
  'due_key',
  'received_key',
  'code_key',
] as const;

/** A row as column values (booleans as 0/1, sort keys added). */
export function dossierListValues(r: DossierListRow): (string | number | null)[] {
  return [
    r.dossierId,
    r.code,
    r.unit,
    r.handlingUnit,
    r.procedure,
    r.state,
    r.topLevel,
    r.nationalStatus,
    r.officer,
    r.channel,
    r.receivedAt,
    r.receivedMs,
    r.dueDate,
    r.dueAt,
    r.dueMs,
    r.open ? 1 : 0,
    r.awaitingSignature ? 1 : 0,
    r.applicantName,
    r.applicantFolded,
    r.idNumber,
    r.version,
    sortKeyOf(r, 'due'),
    sortKeyOf(r, 'receivedAt'),
    sortKeyOf(r, 'code'),
  ];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A database record (either driver: PostgreSQL returns BIGINT as text) back to a row. */
export function dossierListRowFrom(d: Record<string, unknown>): DossierListRow {
  return {
    dossierId: String(d.dossier_id),
    code: str(d.code),
    unit: str(d.unit),
    handlingUnit: str(d.handling_unit),
    procedure: str(d.procedure),
    state: String(d.state),
    topLevel: String(d.top_level),
    nationalStatus: num(d.national_status) as NationalStatus | null,
    officer: str(d.officer),
    channel: str(d.channel),
    receivedAt: str(d.received_at),
    receivedMs: num(d.received_ms),
    dueDate: str(d.due_date),
    dueAt: str(d.due_at),
    dueMs: num(d.due_ms),
    open: Number(d.open) === 1,
    awaitingSignature: Number(d.awaiting_signature) === 1,
    applicantName: str(d.applicant_name),
    applicantFolded: str(d.applicant_folded),
    idNumber: str(d.id_number),
    version: Number(d.version),
  };
}
