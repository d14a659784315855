/**
 * Absorbing a partition's snapshot piece by piece (`absorbPieces`, what the
 * owner of TT 01/2018 or satisfaction does in the rebuild's end phase): into
 * an empty state it must give back exactly the snapshot it was cut from,
 * whatever the piece size — in particular the counts nested in the skeleton
 * (`t.unattributed`) are added once, not once a piece. The oracle is the
 * snapshot itself (a fold's state plus nothing is that fold's state); the
 * snapshots are written here by hand, not produced by the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { satisfactionProjection, tt01Projection } from '@motcua/projections';
import { absorbPieces, absorbSatisfaction, absorbTt01 } from '../src/rebuild/absorb';
import { forEachSnapshotPiece } from '../src/rebuild/chunks';

const agency = fc.constantFrom('1.000894|1|000.12.20.H26', '2.001|2|000.00.20.H26');
const official = fc.constantFrom('o-1', 'o-2', 'o-3');
const day = fc.integer({ min: 19_000, max: 19_010 });
/** A TT 01 snapshot: open and ended records, index sums per (end day, official, agency), agency counters per (day, agency). */
const tt01Snapshot = fc
  .record({
    open: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
    tail: fc.uniqueArray(fc.integer({ min: 41, max: 80 }), { maxLength: 6 }),
    officials: fc.uniqueArray(fc.tuple(day, official, agency), { maxLength: 6, selector: (k) => k.join('|') }),
    agencies: fc.uniqueArray(fc.tuple(day, agency), { maxLength: 6, selector: (k) => k.join('|') }),
    maxDay: day,
    unattributed: fc.integer({ min: 0, max: 9 }),
    value: fc.integer({ min: 1, max: 5 }),
  })
  .map((g) => ({
    t: {
      open: g.open.map((n) => [
        `dossier-${n}`,
        {
          closedDay: -1,
          agency: null,
          channel: 'direct',
          official: null,
          intakeSupplements: 0,
          petitions: 0,
          clock: null,
          transferDue: null,
          legDue: [],
          sequential: false,
          steps: [],
        },
      ]),
      tail: g.tail.map((n, i) => [`dossier-${n}`, { closedDay: 19_000 + i, petitions: n % 3, agency: '1.000894|1|000.12.20.H26' }]),
      maxDay: g.maxDay,
      unattributed: g.unattributed,
    },
    officials: g.officials.map(([d, o, a]) => [`${d}|${o}|${a}`, Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? g.value : 1))]),
    agencies: g.agencies.map(([d, a]) => [`${d}|${a}`, [g.value, 1, 0, 0, 0]]),
  }));

describe('absorbPieces', () => {
  it('TT 01: a snapshot absorbed into an empty state piece by piece gives the snapshot back, counts added once (property)', () => {
    const tt01 = tt01Projection();
    fc.assert(
      fc.property(tt01Snapshot, fc.constantFrom(1, 2, 3, 8192), (snapshot, size) => {
        const into = tt01.init();
        const pieces = absorbPieces(into, absorbTt01 as never);
        forEachSnapshotPiece(structuredClone(snapshot), size, (piece) => pieces.add(structuredClone(piece)));
        pieces.finish();
        expect(JSON.parse(JSON.stringify(tt01.toSnapshot(into)))).toEqual(snapshot);
      }),
      { numRuns: 200 },
    );
  });

  it('satisfaction: the same, with the tracker nested under t', () => {
    const satisfaction = satisfactionProjection();
    const snapshot = {
      t: {
        open: [['dossier-1', { closedDay: -1, procedure: '1.000894', version: '1', unit: '000.12.20.H26', official: 'o-1' }]],
        tail: [
          ['dossier-2', { closedDay: 19_001, procedure: '1.000894', version: '1', unit: '000.12.20.H26', official: 'o-2' }],
          ['dossier-3', { closedDay: 19_002, procedure: '1.000894', version: '1', unit: '000.12.20.H26', official: 'o-2' }],
        ],
        maxDay: 19_002,
        unattributed: 4,
      },
      counters: [
        ['p|19001|000.12.20.H26|1.000894|1|o-2', [1, 1, 0]],
        ['l|19002|000.12.20.H26|1.000894|1|o-2', [1, 0]],
      ],
    };
    for (const size of [1, 2, 8192]) {
      const into = satisfaction.init();
      const pieces = absorbPieces(into, absorbSatisfaction as never);
      forEachSnapshotPiece(structuredClone(snapshot), size, (piece) => pieces.add(structuredClone(piece)));
      pieces.finish();
      expect(JSON.parse(JSON.stringify(satisfaction.toSnapshot(into)))).toEqual(snapshot);
    }
  });
});
