import type { NationalStatus } from '../../machine/national-status';
import type { DossierClockStop, DossierListRow } from './row';
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
  'step',
  'assignee',
  'step_due_at',
  'holder',
  'clock_stopped',
  'clock_running',
  'overdue_from_ms',
] as const;

/** Columns added with the internal approval steps (both adapters add them to an older table and rebuild it). */
export const DOSSIER_LIST_STEP_COLUMNS = ['step', 'assignee', 'step_due_at', 'holder'] as const;

/**
 * Columns added with the stopped legal clock (`clockStopped`; `clock_running`
 * = open, with a due date, clock not stopped): both adapters add them to an
 * older table and rebuild it (the values need each dossier's state).
 */
export const DOSSIER_LIST_CLOCK_COLUMNS = ['clock_stopped', 'clock_running'] as const;

/**
 * Column added when a limit in working hours became passed only by working time
 * (`overdueFromMs`; `due_key` moved with it): both adapters add it to an older
 * table and rebuild it, so no row keeps the instant comparison.
 */
export const DOSSIER_LIST_OVERDUE_COLUMNS = ['overdue_from_ms'] as const;

/**
 * The read-model table's indexes (both adapters create the same ones): name
 * suffix, columns, and an optional partial-index condition. Each serves a
 * query kind of {@link dossierListSql} (sort keys end in `dossier_id` for
 * keyset pagination); docs/worklists.md has the measured plans.
 */
export const DOSSIER_LIST_INDEXES: readonly { name: string; columns: string; where?: string }[] = [
  { name: 'due', columns: 'due_key, dossier_id' },
  { name: 'received', columns: 'received_key, dossier_id' },
  { name: 'code', columns: 'code_key, dossier_id' },
  { name: 'unit_due', columns: 'unit, open, due_key, dossier_id' },
  { name: 'unit_received', columns: 'unit, received_key, dossier_id' },
  { name: 'officer_due', columns: 'officer, open, due_key, dossier_id' },
  { name: 'open_due', columns: 'open, due_key, dossier_id' },
  { name: 'due_date', columns: 'due_date, open' },
  { name: 'name', columns: 'applicant_folded' },
  { name: 'id_number', columns: 'id_number' },
  { name: 'unit_name', columns: 'unit, applicant_folded' },
  { name: 'procedure_received', columns: 'procedure, received_key, dossier_id' },
  { name: 'status_received', columns: 'national_status, received_key, dossier_id' },
  { name: 'status_code', columns: 'national_status, code_key, dossier_id' },
  { name: 'holder_due', columns: 'holder, open, due_key, dossier_id' },
  { name: 'signature', columns: 'awaiting_signature, unit, due_key, dossier_id', where: 'awaiting_signature = 1' },
  // The overdue and due-today worklists: only dossiers whose due date counts now (a small part of the table).
  { name: 'running_due', columns: 'due_key, dossier_id', where: 'clock_running = 1' },
  { name: 'running_unit_due', columns: 'unit, due_key, dossier_id', where: 'clock_running = 1' },
  { name: 'running_holder_due', columns: 'holder, due_key, dossier_id', where: 'clock_running = 1' },
  { name: 'running_unit_day', columns: 'unit, due_date, due_key, dossier_id', where: 'clock_running = 1' },
  { name: 'running_holder_day', columns: 'holder, due_date, due_key, dossier_id', where: 'clock_running = 1' },
];

/**
 * `CREATE INDEX IF NOT EXISTS` statements for {@link DOSSIER_LIST_INDEXES}, in
 * SQL both SQLite and PostgreSQL accept.
 *
 * @example
 * ```ts
 * import { dossierListIndexSql } from '@motcua/core';
 * dossierListIndexSql('dossier_list', 'motcua.dossier_list')[0]; // 'CREATE INDEX IF NOT EXISTS dossier_list_due ON motcua.dossier_list (due_key, dossier_id);'
 * ```
 */
export function dossierListIndexSql(indexPrefix: string, table: string): string[] {
  return DOSSIER_LIST_INDEXES.map(
    (index) => `CREATE INDEX IF NOT EXISTS ${indexPrefix}_${index.name} ON ${table} (${index.columns})${index.where ? ` WHERE ${index.where}` : ''};`,
  );
}

/** A row as column values (booleans as 0/1, sort keys added). */
export function dossierListValues(row: DossierListRow): (string | number | null)[] {
  return [
    row.dossierId,
    row.code,
    row.unit,
    row.handlingUnit,
    row.procedure,
    row.state,
    row.topLevel,
    row.nationalStatus,
    row.officer,
    row.channel,
    row.receivedAt,
    row.receivedMs,
    row.dueDate,
    row.dueAt,
    row.dueMs,
    row.open ? 1 : 0,
    row.awaitingSignature ? 1 : 0,
    row.applicantName,
    row.applicantFolded,
    row.idNumber,
    row.version,
    sortKeyOf(row, 'due'),
    sortKeyOf(row, 'receivedAt'),
    sortKeyOf(row, 'code'),
    row.step,
    row.assignee,
    row.stepDueAt,
    row.holder,
    row.clockStopped ?? null,
    clockRunning(row) ? 1 : 0,
    row.overdueFromMs ?? null,
  ];
}

/** The row's due date counts now: open, with a due date, and its clock not stopped (the `clock_running` column). */
function clockRunning(row: DossierListRow): boolean {
  return row.open && row.dueMs !== null && row.clockStopped === undefined;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A database record (either driver: PostgreSQL returns BIGINT as text) back to a row. */
export function dossierListRowFrom(data: Record<string, unknown>): DossierListRow {
  return {
    dossierId: String(data.dossier_id),
    code: str(data.code),
    unit: str(data.unit),
    handlingUnit: str(data.handling_unit),
    procedure: str(data.procedure),
    state: String(data.state),
    topLevel: String(data.top_level),
    nationalStatus: num(data.national_status) as NationalStatus | null,
    officer: str(data.officer),
    channel: str(data.channel),
    receivedAt: str(data.received_at),
    receivedMs: num(data.received_ms),
    dueDate: str(data.due_date),
    dueAt: str(data.due_at),
    dueMs: num(data.due_ms),
    open: Number(data.open) === 1,
    awaitingSignature: Number(data.awaiting_signature) === 1,
    clockStopped: (str(data.clock_stopped) ?? undefined) as DossierClockStop | undefined,
    ...(data.overdue_from_ms === null || data.overdue_from_ms === undefined ? {} : { overdueFromMs: Number(data.overdue_from_ms) }),
    step: str(data.step),
    assignee: str(data.assignee),
    stepDueAt: str(data.step_due_at),
    holder: str(data.holder),
    applicantName: str(data.applicant_name),
    applicantFolded: str(data.applicant_folded),
    idNumber: str(data.id_number),
    version: Number(data.version),
  };
}
