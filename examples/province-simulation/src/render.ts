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

function row06(no: string, name: string, r: Report06aRow, num: (n: number) => string): string {
  const cells = [
    r.received.total,
    r.received.online,
    r.received.directOrPostal,
    r.received.carriedOver,
    r.resolved.total,
    r.resolved.early,
    r.resolved.onTime,
    r.resolved.late,
    r.pending.total,
    r.pending.withinTime,
    r.pending.overdue,
  ];
  return `${padL(no, 3)} ${padR(name, 40)}${cells.map((c) => padL(num(c), COL)).join('')} ${padL(pct(r.onTimeRate), 9)}`;
}

/**
 * Render the report as text tables.
 * @example console.log(renderReport(report, new Map([['000.00.20.H26', 'Bộ phận Một cửa UBND huyện Gia Lâm']]), 'vi'));
 */
export function renderReport(report: ProvinceReport, unitNames: ReadonlyMap<string, string>, lang: Lang = 'vi'): string {
  const t = T[lang];
  const num = (n: number) => n.toLocaleString(LOCALE[lang]);
  const out: string[] = [];
  out.push(t.title, `${t.period}: ${dmy(report.period.from)} – ${dmy(report.period.to)}`, '', t.form);
  out.push(`${padL('(1)', 3)} ${padR(`(2) ${t.unit}`, 40)}${t.c.map((_c, i) => padL(`(${i + 3})`, COL)).join('')}`);
  const header06 = `${padL('', 3)} ${padR('', 40)}${t.c.map((c) => padL(c, COL)).join('')} ${padL(t.rate, 9)}`;
  out.push(header06, rule(header06));
  report.report06a.units.forEach((r, i) => out.push(row06(String(i + 1), unitNames.get(r.group.unit ?? '') ?? r.group.unit ?? '', r, num)));
  if (report.report06a.total) out.push(rule(header06), row06('', t.total.toUpperCase(), report.report06a.total, num));
  out.push('', `${t.onTime}: ${pct(report.onTimeRate)}`);
  out.push(...rulePackLines(report, lang, num));

  const d = report.decision766;
  if (d) {
    const header766 = `  ${padR(t.ind, 56)} ${padL(t.ratio, 9)} ${padL(t.points, 7)} ${padL(t.max, 6)}`;
    out.push('', t.q766, header766, rule(header766, '  '));
    for (const v of Object.values(d.indicators)) {
      if (v.points === null && v.ratio === null && v.max > 0 && v.denominator === null) continue;
      const ratio = v.id === '2.2' ? (v.ratio === null ? '—' : v.ratio.toFixed(2)) : pct(v.ratio, 1);
      out.push(
        `  ${padR(`${v.id} ${label(INDICATOR_766_LABELS, v.id, lang)}`, 56)} ${padL(ratio, 9)} ${padL(v.points === null ? '—' : v.points.toFixed(2), 7)} ${padL(String(v.max), 6)}`,
      );
    }
    const missing = Object.values(d.indicators)
      .filter((v) => v.max > 0 && v.denominator === null && v.ratio === null)
      .map((v) => v.id);
    if (missing.length) out.push(`  (${missing.join(', ')}: ${t.notComputable})`);
    out.push(
      `  ${Object.entries(d.groups)
        .map(([g, x]) => `${GROUPS_766[Number(g) as 1][lang]} ${x.points}/${x.max}`)
        .join(' · ')}`,
    );
    out.push(`  ${t.totalPoints}: ${d.total}/100 (${t.computable} ${d.computedMax})`);
  }

  const s = report.satisfaction;
  if (s) {
    out.push(
      '',
      `${t.sat}: ${num(s.total)} ${t.ratings}, ${pct(s.satisfactionRate, 1)} ${t.satisfied} (${Object.entries(s.ratings)
        .map(([k, v]) => `${k} ${num(v)}`)
        .join(', ')})`,
    );
    out.push(`  ${num(s.likes)} / ${num(s.dislikes)} ${t.likes}`);
    out.push(`  ${t.petitions}: ${num(s.petitions.received)}, ${pct(s.petitions.onTimeRate, 1)} ${t.answeredOnTime}`);
  }

  if (report.slowest.length) {
    const headerSlow = `  ${padR('', 9)} ${padR('', 58)} ${padL(t.resolved, 8)} ${padL(t.lateShare, 13)} ${padL(t.mean, 12)}  ${t.limit}`;
    out.push('', t.slowest, headerSlow, rule(headerSlow, '  '));
    for (const p of report.slowest)
      out.push(
        `  ${padR(p.procedure, 9)} ${padR(p.name, 58)} ${padL(num(p.resolved), 8)} ${padL(pct(p.lateShare, 1), 13)} ${padL(p.meanDays === null ? '—' : p.meanDays.toFixed(1), 12)}  ${lang === 'vi' ? p.limit : p.limit.replace('ngày làm việc', 'working days').replace('trong ngày (15:00)', 'same day (15:00)')}`,
      );
  }
  return out.join('\n');
}

/** One line per rule pack (NĐ 61/2018 until 30/06/2025, NĐ 118/2025 from 01/07/2025), and the cross-boundary count (issue #12). */
function rulePackLines(report: ProvinceReport, lang: Lang, num: (n: number) => string): string[] {
  const rows = report.byRulePack ?? [];
  if (!rows.length) return [];
  const vi = lang === 'vi';
  const basis: Record<string, string> = { 'nd61-2018': 'NĐ 61/2018/NĐ-CP', 'nd118-2025': 'NĐ 118/2025/NĐ-CP' };
  const out = [vi ? 'Theo bộ quy tắc (ngày tiếp nhận):' : 'By rule pack (receipt date):'];
  for (const r of rows) {
    const id = r.group.rulePack ?? '';
    const received = r.received.online + r.received.directOrPostal;
    out.push(
      `  ${(basis[id] ?? id).padEnd(18)} ${vi ? 'tiếp nhận' : 'received'} ${num(received)}, ${vi ? 'đã giải quyết' : 'resolved'} ${num(r.resolved.total)}, ${vi ? 'đúng hạn' : 'on time'} ${pct(r.onTimeRate)}`,
    );
  }
  if (report.crossBoundary?.received)
    out.push(`  ${vi ? 'Tiếp nhận không phụ thuộc địa giới hành chính (Đ14.2)' : 'Received for another unit (Đ14.2)'}: ${num(report.crossBoundary.received)}`);
  return out;
}
