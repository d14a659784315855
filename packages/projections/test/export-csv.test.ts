/**
 * CSV export through csv-stringify (issue #11 item 10): any cell round-trips
 * through csv-parse (the csv project's parser) except that text a spreadsheet
 * would run as a formula is neutralised with a leading `'`; numbers — negative
 * ones too — and the numbers of real reports come back unchanged.
 */
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import {
  decision766,
  foldProjection,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  table06a,
  table766,
  tableSatisfaction,
  tableTt01,
  timelinessProjection,
  toCsv,
  tt01Projection,
  tt01Report,
  type Table,
} from '@motcua/projections';
import { historyArb, runHistory, testCatalog } from './support/generate';

const catalog = testCatalog();
const cal = vietnamCalendar();

/** What a cell reads as after the round trip. */
const expected = (v: string | number | null): string => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  // csv-stringify also neutralises the full-width forms (＝ ＋ － ＠), which some spreadsheets read as formulas too.
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(v) ? `'${v}` : v;
};

const readCsv = (text: string): string[][] => parse(text, { bom: true, relax_column_count: false }) as string[][];

/** Text with the characters that matter to CSV and to spreadsheets. */
const textArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', '\n', '"', ',', ';', "'", ' ', 'a', 'Đ', 'ữ', '1', '.', '|') }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('=1+1', '=HYPERLINK("http://x","y")', '+33 6', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '-', '1,5'),
);
const cellArb: fc.Arbitrary<string | number | null> = fc.oneof(textArb, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(null));

const tableArb: fc.Arbitrary<Table> = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    columns: fc.array(fc.record({ key: fc.string(), label: textArb }), { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cellArb, { minLength: width, maxLength: width }), { maxLength: 6 }),
  }),
);

describe('toCsv (csv-stringify)', () => {
  it('every cell round-trips; formula-leading text gets a leading quote; numbers stay numbers', () => {
    fc.assert(
      fc.property(tableArb, fc.boolean(), (table, bom) => {
        // A record whose only cell is empty is an empty line: RFC 4180 cannot tell it from no record.
        fc.pre(table.columns.length > 1 || [table.columns.map((c) => c.label), ...table.rows].every((r) => expected(r[0] ?? null) !== ''));
        const csv = toCsv(table, { bom });
        expect(csv.startsWith('\uFEFF')).toBe(bom);
        expect(csv.endsWith('\r\n')).toBe(true);
        const back = readCsv(csv);
        expect(back).toEqual([table.columns.map((c) => expected(c.label)), ...table.rows.map((r) => r.map(expected))]);
        for (const [i, row] of table.rows.entries()) for (const [j, v] of row.entries()) if (typeof v === 'number') expect(Number(back[i + 1]![j])).toBe(v === 0 ? 0 : v);
      }),
      { numRuns: 300 },
    );
  });

  it('neutralises each formula trigger, keeps negative numbers numeric', () => {
    const csv = toCsv({
      columns: [
        { key: 'a', label: 'a' },
        { key: 'b', label: 'b' },
      ],
      rows: [
        ['=1+1', -3],
        ['+1', -0.5],
        ['-1', '@x'],
        ['\tx', '\rx'],
        ['ok', 'a=b'],
      ],
    });
    expect(readCsv(csv)).toEqual([
      ['a', 'b'],
      ["'=1+1", '-3'],
      ["'+1", '-0.5'],
      ["'-1", "'@x"],
      ["'\tx", "'\rx"],
      ['ok', 'a=b'],
    ]);
    expect(csv.split('\r\n')[1]).toBe("'=1+1,-3");
  });

  it("reports' numbers are unchanged by the CSV", async () => {
    const projection = timelinessProjection({ calendar: cal, lateEventWindowDays: 100_000 });
    await fc.assert(
      fc.asyncProperty(historyArb, fc.constantFrom<'vi' | 'en'>('vi', 'en'), async (scripts, lang) => {
        const { events } = await runHistory(scripts);
        const state = foldProjection(projection, events);
        const q = { projection, catalog, from: '2024-02-01', to: '2024-06-30', groupBy: ['agency' as const] };
        const tables = [
          table06a(report06a(state, q), lang),
          table766(decision766(state, q), lang),
          tableTt01(tt01Report(foldProjection(tt01Projection(), events), { catalog, from: q.from, to: q.to, by: 'agency' }), 'agency', lang),
          tableSatisfaction(satisfactionReport(foldProjection(satisfactionProjection(), events), { catalog, from: q.from, to: q.to }), lang),
        ];
        for (const table of tables) {
          const back = readCsv(toCsv(table, { bom: true }));
          expect(back[0]).toEqual(table.columns.map((c) => c.label));
          expect(back.length).toBe(table.rows.length + 1);
          for (const [i, row] of table.rows.entries())
            for (const [j, v] of row.entries()) {
              const cell = back[i + 1]![j]!;
              if (typeof v === 'number') expect(Number(cell)).toBe(v);
              else expect(cell).toBe(expected(v));
            }
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('766 table labels', () => {
  it('2.2 is a mean in working days, not a ratio: its column does not say "tỷ lệ"/"ratio"; the others do', () => {
    for (const lang of ['vi', 'en'] as const) {
      const labels = table766([], lang).columns.map((c) => c.label);
      const ratioColumns = labels.filter((l) => /^\d\.\d[ab]? /.test(l) && !/\((điểm|points)\)$/.test(l));
      const mean = ratioColumns.filter((l) => l.startsWith('2.2 '));
      expect(mean).toHaveLength(1);
      expect(mean[0]).not.toMatch(/tỷ lệ|ratio/);
      expect(mean[0]).toMatch(/ngày làm việc|working days/);
      for (const l of ratioColumns.filter((x) => !x.startsWith('2.2 '))) expect(l).toMatch(lang === 'vi' ? /\(tỷ lệ\)$/ : /\(ratio\)$/);
    }
  });
});
