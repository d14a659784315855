/**
 * Text rendering of a {@link ProvinceReport}: Vietnamese by default, English
 * with `--lang en`. Labels come from @motcua/projections.
 */
import { GROUPS_766, INDICATOR_766_LABELS, label, type Report06aRow } from '@motcua/projections';
import type { ProvinceReport } from './report';

/** Report language. */
export type Lang = 'vi' | 'en';

/** Number formatting of each language: `1.234.567` in Vietnamese, `1,234,567` in English. */
const LOCALE = { vi: 'vi-VN', en: 'en-US' } as const;
/** Width of a number column of form 06a: the longest header (11 characters) plus at least one space. */
const COL = 12;
const pct = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(d)} %`);
const padR = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
const padL = (s: string, n: number) => s.padStart(n);
const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

const T = {
  vi: {
    title: 'BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH (mô phỏng)',
    form: 'Biểu số II.06a/VPCP/KSTT — kết quả giải quyết TTHC theo Bộ phận Một cửa',
    period: 'Kỳ báo cáo',
    unit: 'Đơn vị',
    total: 'Tổng cộng',
    rate: 'Đúng hạn',
    onTime: 'Tỷ lệ giải quyết trước hạn và đúng hạn',
    q766: 'Chỉ số Quyết định 766/QĐ-TTg (phần tính được từ hồ sơ)',
    ind: 'Chỉ số',
    ratio: 'Tỷ lệ',
    points: 'Điểm',
    max: 'Tối đa',
    notComputable: 'không tính được từ dữ liệu hồ sơ',
    totalPoints: 'Tổng điểm',
    computable: 'tối đa tính được',
    sat: 'Mức độ hài lòng',
    ratings: 'lượt đánh giá',
    satisfied: 'hài lòng',
    likes: 'thích / không thích trên Cổng DVCQG',
    petitions: 'Phản ánh, kiến nghị',
    answeredOnTime: 'trả lời đúng hạn',
    slowest: 'Thủ tục chậm nhất',
    lateShare: 'Tỷ lệ quá hạn',
    mean: 'TB (ngày LV)',
    limit: 'Thời hạn',
    resolved: 'Đã GQ',
    c: ['Tổng nhận', 'Trực tuyến', 'T.tiếp/BC', 'Kỳ trước', 'Đã GQ', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Đang GQ', 'Trong hạn', 'Quá hạn'],
  },
  en: {
    title: 'REPORT ON THE HANDLING OF ADMINISTRATIVE PROCEDURES (simulated)',
    form: 'Form II.06a/VPCP/KSTT — results per one-stop unit',
    period: 'Period',
    unit: 'Unit',
    total: 'Total',
    rate: 'On time',
    onTime: 'Early or on-time rate',
    q766: 'Decision 766/QĐ-TTg indicators (the part computable from dossiers)',
    ind: 'Indicator',
    ratio: 'Ratio',
    points: 'Points',
    max: 'Max',
    notComputable: 'not computable from dossier data',
    totalPoints: 'Total points',
    computable: 'computable maximum',
    sat: 'Satisfaction',
    ratings: 'answers',
    satisfied: 'satisfied',
    likes: 'likes / dislikes on the national portal',
    petitions: 'Petitions',
    answeredOnTime: 'answered on time',
    slowest: 'Slowest procedures',
    lateShare: 'Late share',
    mean: 'Mean (WD)',
    limit: 'Limit',
    resolved: 'Resolved',
    c: ['Received', 'Online', 'Direct/post', 'Carried', 'Resolved', 'Early', 'On time', 'Late', 'Pending', 'Within', 'Overdue'],
  },
} as const;

/** A rule line under a table's header, as wide as the header. */
const rule = (header: string, indent = '') => `${indent}${'-'.repeat(header.length - indent.length)}`;

function row06(no: string, name: string, row: Report06aRow, num: (value: number) => string): string {
  const cells = [
    row.received.total,
    row.received.online,
    row.received.directOrPostal,
    row.received.carriedOver,
    row.resolved.total,
    row.resolved.early,
    row.resolved.onTime,
    row.resolved.late,
    row.pending.total,
    row.pending.withinTime,
    row.pending.overdue,
  ];
  return `${padL(no, 3)} ${padR(name, 40)}${cells.map((c) => padL(num(c), COL)).join('')} ${padL(pct(row.onTimeRate), 9)}`;
}

/**
 * Render the report as text tables.
 * @example console.log(renderReport(report, new Map([['000.00.20.H26', 'Bộ phận Một cửa UBND huyện Gia Lâm']]), 'vi'));
 */
export function renderReport(report: ProvinceReport, unitNames: ReadonlyMap<string, string>, lang: Lang = 'vi'): string {
  const labels = T[lang];
  const num = (n: number) => n.toLocaleString(LOCALE[lang]);
  const out: string[] = [];
  out.push(labels.title, `${labels.period}: ${dmy(report.period.from)} – ${dmy(report.period.to)}`, '', labels.form);
  out.push(`${padL('(1)', 3)} ${padR(`(2) ${labels.unit}`, 40)}${labels.c.map((_c, i) => padL(`(${i + 3})`, COL)).join('')}`);
  const header06 = `${padL('', 3)} ${padR('', 40)}${labels.c.map((c) => padL(c, COL)).join('')} ${padL(labels.rate, 9)}`;
  out.push(header06, rule(header06));
  report.report06a.units.forEach((row, index) => out.push(row06(String(index + 1), unitNames.get(row.group.unit ?? '') ?? row.group.unit ?? '', row, num)));
  if (report.report06a.total) out.push(rule(header06), row06('', labels.total.toUpperCase(), report.report06a.total, num));
  out.push('', `${labels.onTime}: ${pct(report.onTimeRate)}`);
  out.push(...rulePackLines(report, lang, num));

  const decision = report.decision766;
  if (decision) {
    const header766 = `  ${padR(labels.ind, 56)} ${padL(labels.ratio, 9)} ${padL(labels.points, 7)} ${padL(labels.max, 6)}`;
    out.push('', labels.q766, header766, rule(header766, '  '));
    for (const indicator of Object.values(decision.indicators)) {
      if (indicator.points === null && indicator.ratio === null && indicator.max > 0 && indicator.denominator === null) continue;
      const ratio = indicator.id === '2.2' ? (indicator.ratio === null ? '—' : indicator.ratio.toFixed(2)) : pct(indicator.ratio, 1);
      out.push(
        `  ${padR(`${indicator.id} ${label(INDICATOR_766_LABELS, indicator.id, lang)}`, 56)} ${padL(ratio, 9)} ${padL(indicator.points === null ? '—' : indicator.points.toFixed(2), 7)} ${padL(String(indicator.max), 6)}`,
      );
    }
    const missing = Object.values(decision.indicators)
      .filter((v) => v.max > 0 && v.denominator === null && v.ratio === null)
      .map((v) => v.id);
    if (missing.length) out.push(`  (${missing.join(', ')}: ${labels.notComputable})`);
    out.push(
      `  ${Object.entries(decision.groups)
        .map(([g, x]) => `${GROUPS_766[Number(g) as 1][lang]} ${x.points}/${x.max}`)
        .join(' · ')}`,
    );
    out.push(`  ${labels.totalPoints}: ${decision.total}/100 (${labels.computable} ${decision.computedMax})`);
  }

  const satisfaction = report.satisfaction;
  if (satisfaction) {
    out.push(
      '',
      `${labels.sat}: ${num(satisfaction.total)} ${labels.ratings}, ${pct(satisfaction.satisfactionRate, 1)} ${labels.satisfied} (${Object.entries(satisfaction.ratings)
        .map(([k, v]) => `${k} ${num(v)}`)
        .join(', ')})`,
    );
    out.push(`  ${num(satisfaction.likes)} / ${num(satisfaction.dislikes)} ${labels.likes}`);
    out.push(`  ${labels.petitions}: ${num(satisfaction.petitions.received)}, ${pct(satisfaction.petitions.onTimeRate, 1)} ${labels.answeredOnTime}`);
  }

  if (report.slowest.length) {
    const headerSlow = `  ${padR('', 9)} ${padR('', 58)} ${padL(labels.resolved, 8)} ${padL(labels.lateShare, 13)} ${padL(labels.mean, 12)}  ${labels.limit}`;
    out.push('', labels.slowest, headerSlow, rule(headerSlow, '  '));
    for (const procedure of report.slowest)
      out.push(
        `  ${padR(procedure.procedure, 9)} ${padR(procedure.name, 58)} ${padL(num(procedure.resolved), 8)} ${padL(pct(procedure.lateShare, 1), 13)} ${padL(procedure.meanDays === null ? '—' : procedure.meanDays.toFixed(1), 12)}  ${lang === 'vi' ? procedure.limit : procedure.limit.replace('ngày làm việc', 'working days').replace('trong ngày (15:00)', 'same day (15:00)')}`,
      );
  }
  return out.join('\n');
}

/** One line per rule pack (NĐ 61/2018 until 30/06/2025, NĐ 118/2025 from 01/07/2025), and the cross-boundary count (issue #12). */
function rulePackLines(report: ProvinceReport, lang: Lang, num: (value: number) => string): string[] {
  const rows = report.byRulePack ?? [];
  if (!rows.length) return [];
  const vi = lang === 'vi';
  const basis: Record<string, string> = { 'nd61-2018': 'NĐ 61/2018/NĐ-CP', 'nd118-2025': 'NĐ 118/2025/NĐ-CP' };
  const out = [vi ? 'Theo bộ quy tắc (ngày tiếp nhận):' : 'By rule pack (receipt date):'];
  for (const row of rows) {
    const id = row.group.rulePack ?? '';
    const received = row.received.online + row.received.directOrPostal;
    out.push(
      `  ${(basis[id] ?? id).padEnd(18)} ${vi ? 'tiếp nhận' : 'received'} ${num(received)}, ${vi ? 'đã giải quyết' : 'resolved'} ${num(row.resolved.total)}, ${vi ? 'đúng hạn' : 'on time'} ${pct(row.onTimeRate)}`,
    );
  }
  if (report.crossBoundary?.received)
    out.push(`  ${vi ? 'Tiếp nhận không phụ thuộc địa giới hành chính (Đ14.2)' : 'Received for another unit (Đ14.2)'}: ${num(report.crossBoundary.received)}`);
  return out;
}
