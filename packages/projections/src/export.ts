/**
 * Export reports as JSON and CSV (RFC 4180, UTF-8, optional BOM for spreadsheets),
 * with Vietnamese or English column headers.
 */
import { stringify } from 'csv-stringify/sync';
import { COLUMNS_06A, EXTRA_06A, GROUP_LABELS, INDICATOR_766_LABELS, TT01_LABELS, label } from './labels';
import type { Report06aRow } from './timeliness/report-06a';
import type { Decision766Row } from './timeliness/decision-766';
import type { Tt01Row } from './tt01/report';
import type { SatisfactionRow } from './satisfaction/report';
import type { ReceptionRow } from './reception/report';

/** A table: headers and rows of cells. */
export interface Table {
  columns: { key: string; label: string }[];
  rows: (string | number | null)[][];
}

/** Language of exported headers and labels. */
export type Lang = 'vi' | 'en';

const get = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), value);

function groupColumns(rows: readonly { group: Record<string, string | undefined> }[], lang: Lang) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.group)))];
  return keys.map((k) => ({ key: `group.${k}`, label: label(GROUP_LABELS, k, lang) }));
}

/**
 * Report 06a as a table: numbered form columns 1–13, then the extra counters.
 * @example toCsv(table06a(rows, 'vi'))
 */
export function table06a(rows: readonly Report06aRow[], lang: Lang = 'vi'): Table {
  const gcols = groupColumns(rows, lang);
  const data = Object.entries(COLUMNS_06A).filter(([k]) => k !== 'no' && k !== 'group');
  const columns = [
    { key: 'no', label: `(${COLUMNS_06A.no!.no}) ${COLUMNS_06A.no![lang]}` },
    ...gcols.map((c) => ({ ...c, label: `(2) ${c.label}` })),
    ...data.map(([k, l]) => ({ key: k, label: `(${l.no}) ${l[lang]}` })),
    ...Object.entries(EXTRA_06A).map(([k, l]) => ({ key: k, label: l[lang] })),
  ];
  return { columns, rows: rows.map((row, index) => columns.map((c) => (c.key === 'no' ? index + 1 : ((get(row, c.key) ?? null) as string | number | null)))) };
}

/** Decision 766 as a table: one column pair (ratio, points) per indicator, then totals. */
export function table766(rows: readonly Decision766Row[], lang: Lang = 'vi'): Table {
  const gcols = groupColumns(rows, lang);
  const ids = rows[0] ? Object.keys(rows[0].indicators) : Object.keys(INDICATOR_766_LABELS);
  const columns = [
    ...gcols,
    ...ids.flatMap((id) => [
      // 2.2 is a mean in working days, not a ratio (its label says so).
      {
        key: `indicators.${id}.ratio`,
        label: id === '2.2' ? `${id} ${label(INDICATOR_766_LABELS, id, lang)}` : `${id} ${label(INDICATOR_766_LABELS, id, lang)} (${lang === 'vi' ? 'tỷ lệ' : 'ratio'})`,
      },
      { key: `indicators.${id}.points`, label: `${id} (${lang === 'vi' ? 'điểm' : 'points'})` },
    ]),
    { key: 'total', label: lang === 'vi' ? 'Tổng điểm (/100)' : 'Total (/100)' },
    { key: 'computedMax', label: lang === 'vi' ? 'Điểm tối đa tính được' : 'Computable maximum' },
    { key: 'estimatedCalendarDays', label: lang === 'vi' ? 'Số ngày lịch ước tính trong kỳ' : 'Estimated calendar days in the period' },
  ];
  // Indicator ids contain dots ('1.4'): read indicator cells by id, never by splitting the key.
  const cell = (row: Decision766Row, key: string): string | number | null => {
    const match = /^indicators\.(.+)\.(ratio|points)$/.exec(key);
    if (match) {
      const indicator = (row.indicators as Record<string, Decision766Row['indicators'][keyof Decision766Row['indicators']] | undefined>)[match[1]!];
      return indicator ? indicator[match[2] as 'ratio' | 'points'] : null;
    }
    return (get(row, key) ?? null) as string | number | null;
  };
  return { columns, rows: rows.map((r) => columns.map((c) => cell(r, c.key))) };
}

/** TT 01/2018 scores as a table. */
export function tableTt01(rows: readonly Tt01Row[], by: 'official' | 'agency', lang: Lang = 'vi'): Table {
  const columns = [
    { key: 'key', label: label(GROUP_LABELS, by === 'official' ? 'official' : 'agency', lang) },
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({ key: `indices.${i}`, label: `${i}. ${label(TT01_LABELS, String(i), lang)}` })),
    { key: 'dossiers', label: lang === 'vi' ? 'Số hồ sơ' : 'Dossiers' },
    { key: 'total', label: lang === 'vi' ? 'Tổng điểm' : 'Total' },
    { key: 'max', label: lang === 'vi' ? 'Điểm tối đa' : 'Maximum' },
    { key: 'scaled', label: lang === 'vi' ? 'Điểm quy đổi' : 'Scaled' },
    { key: 'band', label: lang === 'vi' ? 'Xếp loại' : 'Band' },
    { key: 'estimatedCalendarDays', label: lang === 'vi' ? 'Số ngày lịch ước tính trong kỳ' : 'Estimated calendar days in the period' },
  ];
  return {
    columns,
    rows: rows.map((row) => columns.map((column) => (column.key === 'band' ? label(TT01_LABELS, row.band, lang) : ((get(row, column.key) ?? null) as string | number | null)))),
  };
}

/** Satisfaction as a table. */
export function tableSatisfaction(rows: readonly SatisfactionRow[], lang: Lang = 'vi'): Table {
  const levels = [...new Set(rows.flatMap((r) => Object.keys(r.ratings)))];
  const vi = lang === 'vi';
  const columns = [
    ...groupColumns(rows, lang),
    ...levels.map((l) => ({ key: `ratings.${l}`, label: l })),
    { key: 'total', label: vi ? 'Tổng lượt đánh giá' : 'Ratings' },
    { key: 'satisfactionRate', label: vi ? 'Tỷ lệ hài lòng' : 'Satisfaction rate' },
    { key: 'likes', label: vi ? 'Thích' : 'Likes' },
    { key: 'dislikes', label: vi ? 'Không thích' : 'Dislikes' },
    { key: 'petitions.received', label: vi ? 'PAKN tiếp nhận' : 'Petitions received' },
    { key: 'petitions.answeredOnTime', label: vi ? 'PAKN xử lý đúng hạn' : 'Petitions handled on time' },
    { key: 'petitions.onTimeRate', label: vi ? 'Tỷ lệ xử lý PAKN đúng hạn' : 'Petition on-time rate' },
  ];
  return {
    columns,
    rows: rows.map((row) =>
      columns.map((column) => (column.key.startsWith('ratings.') ? (row.ratings[column.key.slice(8)] ?? 0) : ((get(row, column.key) ?? null) as string | number | null))),
    ),
  };
}

/** Reception SLA as a table (brief §10). */
export function tableReception(rows: readonly ReceptionRow[], lang: Lang = 'vi'): Table {
  const vi = lang === 'vi';
  const columns = [
    ...groupColumns(rows, lang),
    { key: 'unitName', label: vi ? 'Tên bộ phận một cửa' : 'Unit name' },
    { key: 'submitted', label: vi ? 'Hồ sơ trực tuyến nộp (lượt)' : 'Online submissions' },
    { key: 'handled.total', label: vi ? 'Đã tiếp nhận/xử lý: Tổng số' : 'Received (decided): total' },
    { key: 'handled.onTime', label: vi ? 'Trong thời hạn tiếp nhận' : 'Within the reception limit' },
    { key: 'handled.late', label: vi ? 'Quá thời hạn tiếp nhận' : 'Late' },
    { key: 'handled.accepted', label: vi ? 'Trong đó: tiếp nhận' : 'Of which: accepted' },
    { key: 'handled.refused', label: vi ? 'Trong đó: từ chối' : 'Of which: refused' },
    { key: 'handled.supplementRequested', label: vi ? 'Trong đó: yêu cầu bổ sung' : 'Of which: supplement requested' },
    { key: 'pending.total', label: vi ? 'Chờ tiếp nhận: Tổng số' : 'Awaiting reception: total' },
    { key: 'pending.withinTime', label: vi ? 'Trong hạn' : 'Within time' },
    { key: 'pending.overdue', label: vi ? 'Quá hạn' : 'Overdue' },
    { key: 'cancelled', label: vi ? 'Rút/dừng trước khi tiếp nhận' : 'Withdrawn or stopped before reception' },
    { key: 'onTimeRate', label: vi ? 'Tỷ lệ tiếp nhận đúng hạn' : 'On-time reception rate' },
    { key: 'estimatedCalendarDays', label: vi ? 'Số ngày lịch ước tính trong kỳ' : 'Estimated calendar days in the period' },
  ];
  return { columns, rows: rows.map((r) => columns.map((c) => (get(r, c.key) ?? null) as string | number | null)) };
}

/**
 * CSV text of a table (RFC 4180 through `csv-stringify`: header row of labels,
 * CRLF line ends, UTF-8, `bom` for spreadsheets). Text cells that a spreadsheet
 * would run as a formula — starting with `=`, `+`, `-`, `@`, tab or carriage
 * return — are neutralised with a leading `'` (OWASP CSV injection); numbers,
 * negative ones included, stay numeric.
 * @example toCsv(table06a(rows, 'en'), { bom: true })
 */
export function toCsv(table: Table, options: { bom?: boolean } = {}): string {
  return stringify([table.columns.map((c) => c.label), ...table.rows], {
    bom: options.bom === true,
    record_delimiter: 'windows',
    escape_formulas: true,
    // Line breaks of either kind are quoted, not only the CRLF record delimiter.
    quoted_match: /[\r\n]/,
    eof: true,
  });
}

/**
 * JSON text of report rows (the rows are plain data).
 * @example toJson(report06a(state, query))
 */
export function toJson(rows: unknown, space = 2): string {
  return JSON.stringify(rows, null, space);
}
