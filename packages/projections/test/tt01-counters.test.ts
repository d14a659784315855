/**
 * The compact TT 01/2018 counters against the text-keyed `Map<string, number[]>` they replaced (the oracle, written
 * here): the same snapshot entries (keys, values, order), a snapshot round trip, and the report's sums.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tt01Counters, tt01Projection, tt01Report, type Tt01State } from '@motcua/projections';
import { procedureInfo } from '../src/timeliness/catalog-info';
import { round1 } from '../src/scoring';
import { testCatalog } from './support/generate';

const catalog = testCatalog();
const info = procedureInfo(catalog);
const projection = tt01Projection();

/** One bump of a table: official is '' in the agencies table. */
interface Bump {
  official: boolean;
  day: number;
  agency: string;
  who: string;
  index: number;
  by: number;
}

const agencyArb = fc
  .record({ proc: fc.constantFrom(...catalog.list().map((p) => [p.code, p.version] as const), ['X.unknown', '9'] as const), unit: fc.constantFrom('U1', 'U2', '000.00.06.H56') })
  .map(({ proc, unit }) => `${proc[0]}|${proc[1]}|${unit}`);
const bumpArb: fc.Arbitrary<Bump> = fc
  .record({
    official: fc.boolean(),
    day: fc.integer({ min: 19_700, max: 19_760 }),
    agency: agencyArb,
    who: fc.constantFrom('cv-01', 'cv-02', 'unknown', 'a.b@x', ''),
    index: fc.nat(9),
    by: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: 40 }) }),
  })
  .map((b) => ({ ...b, index: b.index % (b.official ? 10 : 5), who: b.official ? b.who : '' }));

/** The state as it was: `${day}|${official}|${agency}` and `${day}|${agency}` → values, rows created at zeros. */
function oracle(bumps: readonly Bump[]): { officials: Map<string, number[]>; agencies: Map<string, number[]> } {
  const officials = new Map<string, number[]>();
  const agencies = new Map<string, number[]>();
  for (const b of bumps) {
    const [table, key, width] = b.official ? [officials, `${b.day}|${b.who}|${b.agency}`, 10] : [agencies, `${b.day}|${b.agency}`, 5];
    let row = table.get(key);
    if (!row) table.set(key, (row = new Array<number>(width).fill(0)));
    row[b.index]! += b.by;
  }
  return { officials, agencies };
}

function compact(bumps: readonly Bump[]): Tt01State {
  const state = projection.init();
  for (const b of bumps) (b.official ? state.officials : state.agencies).bump(b.day, b.agency, b.who, b.index, b.by);
  return state;
}

const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const bumpsArb = fc.array(bumpArb, { maxLength: 400, size: 'max' });

describe('compact TT 01/2018 counters equal the text-keyed Map they replaced', () => {
  it('the same snapshot entries (keys, values, first-counted order); size = rows; fromEntries round-trips', () => {
    fc.assert(
      fc.property(bumpsArb, (bumps) => {
        const state = compact(bumps);
        const expected = oracle(bumps);
        expect(state.officials.toEntries()).toEqual([...expected.officials]);
        expect(state.agencies.toEntries()).toEqual([...expected.agencies]);
        expect([state.officials.size, state.agencies.size]).toEqual([expected.officials.size, expected.agencies.size]);
        expect(Tt01Counters.fromEntries(expected.officials, 10, true).toEntries()).toEqual([...expected.officials]);
        expect(Tt01Counters.fromEntries(expected.agencies, 5, false).toEntries()).toEqual([...expected.agencies]);
      }),
      { numRuns: 150 },
    );
  });

  it("addEntries of a partition's entries into another's counters = one Map summing both, rows first seen in that order", () => {
    fc.assert(
      fc.property(bumpsArb, bumpsArb, (first, second) => {
        const into = compact(first);
        const part = oracle(second);
        into.officials.addEntries(JSON.parse(JSON.stringify([...part.officials])));
        into.agencies.addEntries(JSON.parse(JSON.stringify([...part.agencies])));
        const expected = oracle([...first, ...second]);
        expect(into.officials.toEntries()).toEqual([...expected.officials]);
        expect(into.agencies.toEntries()).toEqual([...expected.agencies]);
      }),
      { numRuns: 100 },
    );
  });

  it('the projection snapshot keeps the text keys; fromSnapshot(JSON of toSnapshot) gives the same snapshot', () => {
    fc.assert(
      fc.property(bumpsArb, (bumps) => {
        const snapshot = projection.toSnapshot(compact(bumps));
        const expected = oracle(bumps);
        expect(snapshot.officials).toEqual([...expected.officials]);
        expect(snapshot.agencies).toEqual([...expected.agencies]);
        expect(projection.toSnapshot(projection.fromSnapshot(JSON.parse(JSON.stringify(snapshot))))).toEqual(snapshot);
      }),
      { numRuns: 100 },
    );
  });

  it('tt01Report sums the rows of the period: per official or agency, dossiers and indices 1–4, 7 and 8 as the Map gives them', () => {
    fc.assert(
      fc.property(
        bumpsArb,
        fc.integer({ min: 19_695, max: 19_765 }),
        fc.integer({ min: 19_695, max: 19_765 }),
        fc.constantFrom<'official' | 'agency'>('official', 'agency'),
        (bumps, a, b, by) => {
          const from = Math.min(a, b);
          const to = Math.max(a, b);
          // Whole-dossier counts cannot be negative: keep the bumps a projection could make (by ≥ 0).
          const valid = bumps.map((x) => ({ ...x, by: Math.abs(x.by) }));
          const { officials, agencies } = oracle(valid);
          const sums = new Map<string, number[]>();
          const counts = new Map<string, number[]>();
          const addTo = (into: Map<string, number[]>, key: string, row: number[]) => {
            const acc = into.get(key) ?? row.map(() => 0);
            into.set(
              key,
              acc.map((v, i) => v + row[i]!),
            );
          };
          for (const [key, row] of officials) {
            const [day, official, proc, ver] = key.split('|') as [string, string, string, string];
            if (Number(day) >= from && Number(day) <= to) addTo(sums, by === 'official' ? official : info(proc, ver).agency, row);
          }
          if (by === 'agency')
            for (const [key, row] of agencies) {
              const [day, proc, ver] = key.split('|') as [string, string, string];
              if (Number(day) >= from && Number(day) <= to) addTo(counts, info(proc, ver).agency, row);
            }
          const rows = tt01Report(compact(valid), { catalog, from: isoOf(from), to: isoOf(to), by });
          expect(rows.map((r) => r.key)).toEqual([...new Set([...sums.keys(), ...counts.keys()])].sort());
          for (const row of rows) {
            const s = sums.get(row.key) ?? new Array<number>(10).fill(0);
            expect(row.dossiers).toBe(s[1]);
            // TT 01/2018 Đ13: an index is the mean of the dossiers' points (0–2), one decimal; left out without dossiers.
            ([1, 2, 3, 4, 7] as const).forEach((index, i) => expect(row.indices[index]).toBe(s[2 * i + 1]! > 0 ? round1(s[2 * i]! / s[2 * i + 1]!) : undefined));
            if (by === 'agency') {
              const [, , , answered, late] = counts.get(row.key) ?? [0, 0, 0, 0, 0];
              // Index 8: petitions answered on time — all (or none answered) 2, ≥ 90 % 1, else 0.
              expect(row.indices[8]).toBe(answered === 0 || late === 0 ? 2 : (answered! - late!) / answered! >= 0.9 ? 1 : 0);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a snapshot key without a whole day, or without an official in the officials table, is skipped', () => {
    const officials = Tt01Counters.fromEntries(
      [
        ['x|o|P|1|U', [1]],
        ['19700|o', [2]],
        ['19700.5|o|P|1|U', [1]],
        ['19701|o|P|1|U', [3, 4]],
      ],
      10,
      true,
    );
    expect(officials.toEntries()).toEqual([['19701|o|P|1|U', [3, 4, 0, 0, 0, 0, 0, 0, 0, 0]]]);
    expect(
      Tt01Counters.fromEntries(
        [
          ['19700|P|1|U', [1, 2, 3, 4, 5]],
          ['|P|1|U', [1]],
        ],
        5,
        false,
      ).toEntries(),
    ).toEqual([['19700|P|1|U', [1, 2, 3, 4, 5]]]);
  });
});
