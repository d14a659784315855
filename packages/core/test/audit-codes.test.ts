/**
 * Audit (session 19): dossier codes, domain §5 (TT 01/2018 Đ19, NĐ 61 Đ26,
 * NĐ 118/2025 Đ28.2): `<unit>-YYMMDD-XXXX`, YYMMDD the receipt date, XXXX the
 * day's 4-digit sequence. "Generate strictly; parse leniently
 * (`^[0-9A-Z.]+-\d{6}-\d{4}$`)". The oracle below is written from that text:
 * a code parses iff it matches the lenient pattern **and** its YYMMDD is a real
 * day (a code whose date does not exist names no receipt day); generation
 * refuses what could not be parsed back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDossierCode, MotcuaError, parseDossierCode } from '@motcua/core';

/** Days in month by hand (Gregorian; 20YY years). */
function realDay(yy: number, mm: number, dd: number): boolean {
  const year = 2000 + yy;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= days[mm - 1]!;
}

const two = (n: number) => String(n).padStart(2, '0');

describe('parseDossierCode: lenient on the prefix, never a day that does not exist', () => {
  it('hand cases', () => {
    expect(parseDossierCode('000.00.06.H56-231027-0361')).toEqual({ unitCode: '000.00.06.H56', date: '2023-10-27', sequence: 361 });
    expect(parseDossierCode(' h21.65-220914-0011 ')).toEqual({ unitCode: 'H21.65', date: '2022-09-14', sequence: 11 });
    expect(parseDossierCode('H21.65-240229-0001')?.date).toBe('2024-02-29'); // 2024 is a leap year
    expect(parseDossierCode('H21.65-230229-0001')).toBeUndefined(); // 29/02/2023 does not exist
    expect(parseDossierCode('H21.65-231399-0011')).toBeUndefined(); // month 13, day 99
    expect(parseDossierCode('H21.65-230431-0001')).toBeUndefined(); // 31/04
    expect(parseDossierCode('H21.65-230100-0001')).toBeUndefined(); // day 0
  });

  it('property: parses iff the lenient pattern matches and the date is real; the parts are read back', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z]{1,3}(\.[0-9A-Z]{1,3}){0,3}$/),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 19 }),
        fc.integer({ min: 0, max: 39 }),
        fc.integer({ min: 0, max: 9999 }),
        (unitCode, yy, mm, dd, seq) => {
          const code = `${unitCode}-${two(yy)}${two(mm)}${two(dd)}-${String(seq).padStart(4, '0')}`;
          const parsed = parseDossierCode(code);
          if (!realDay(yy, mm, dd)) return parsed === undefined;
          return parsed !== undefined && parsed.unitCode === unitCode && parsed.date === `20${two(yy)}-${two(mm)}-${two(dd)}` && parsed.sequence === seq;
        },
      ),
      {
        examples: [
          ['H21.65', 23, 2, 29, 1],
          ['H21.65', 24, 2, 29, 1],
          ['000.00.06.H56', 23, 13, 1, 361],
        ],
      },
    );
  });
});

describe('formatDossierCode: strict generation, every code it makes parses back', () => {
  it('hand cases', () => {
    expect(formatDossierCode('000.00.06.H56', '2023-10-27', 361)).toBe('000.00.06.H56-231027-0361');
    expect(formatDossierCode('H21.65', '2024-02-29', 9999)).toBe('H21.65-240229-9999');
  });

  it('refuses a receipt date that is not a real YYYY-MM-DD day, or a unit code the code format cannot hold (typed, with issues)', () => {
    for (const [unitCode, day] of [
      ['H21.65', '2023-1-5'],
      ['H21.65', '2023-02-29'],
      ['H21.65', '27/10/2023'],
      ['H21-65', '2023-10-27'],
      ['h21.65', '2023-10-27'],
      ['', '2023-10-27'],
    ] as const) {
      let error: unknown;
      try {
        formatDossierCode(unitCode, day, 1);
      } catch (e) {
        error = e;
      }
      expect(error, `${unitCode} ${day}`).toBeInstanceOf(MotcuaError);
      expect((error as MotcuaError).issues.length).toBeGreaterThan(0);
    }
  });

  it('property: format then parse gives the parts back', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z]{1,3}(\.[0-9A-Z]{1,3}){0,3}$/),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 9999 }),
        (unitCode, date, seq) => {
          const day = date.toISOString().slice(0, 10);
          expect(parseDossierCode(formatDossierCode(unitCode, day, seq))).toEqual({ unitCode, date: day, sequence: seq });
        },
      ),
    );
  });
});
