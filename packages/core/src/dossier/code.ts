import { RuleViolationError } from '../errors';
import { isLocalDateString } from '../time';

/** Lenient parse pattern (TT 01/2018 Đ19): `<unit code>-YYMMDD-XXXX`. */
const LENIENT = /^([0-9A-Z.]+)-(\d{6})-(\d{4})$/;
/** What a generated code's unit part must be, so that the code parses back: dot-separated groups of digits and capitals. */
const UNIT_CODE = /^[0-9A-Z]+(\.[0-9A-Z]+)*$/;

/** The parts of a dossier code (mã số hồ sơ). */
export interface DossierCodeParts {
  unitCode: string;
  /** Receipt date, YYYY-MM-DD. */
  date: string;
  sequence: number;
}

/** Sequence key: one counter per receiving unit per local day. */
export function dossierCodeSequenceKey(unitCode: string, localDate: string): string {
  return `dossier-code:${unitCode}:${localDate}`;
}

/**
 * Format a dossier code strictly: `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`. `DOSSIER_CODE_FORMAT` for a receipt date that
 * is not a real `YYYY-MM-DD` day, a unit code that is not dot-separated groups of digits and capitals, or a code the
 * rule pack's `pattern` rejects; `DOSSIER_CODE_EXHAUSTED` for a sequence outside 1–9999.
 * @example formatDossierCode('000.00.06.H56', '2023-10-27', 361) // '000.00.06.H56-231027-0361'
 */
export function formatDossierCode(unitCode: string, localDate: string, sequence: number, pattern?: string): string {
  // Generate strictly (domain §5): a real receipt day and a unit code the format holds, so the code always parses back.
  if (!isLocalDateString(localDate))
    throw new RuleViolationError('DOSSIER_CODE_FORMAT', `The receipt date ${JSON.stringify(localDate)} of a dossier code is not a real YYYY-MM-DD day`, ['localDate']);
  if (!UNIT_CODE.test(unitCode))
    throw new RuleViolationError('DOSSIER_CODE_FORMAT', `The unit code ${JSON.stringify(unitCode)} of a dossier code must be dot-separated groups of digits and capital letters`, [
      'unitCode',
    ]);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999)
    throw new RuleViolationError('DOSSIER_CODE_EXHAUSTED', `Dossier code sequence ${sequence} is outside 1–9999 for unit ${unitCode} on ${localDate}`);
  const code = `${unitCode}-${localDate.slice(2, 4)}${localDate.slice(5, 7)}${localDate.slice(8, 10)}-${String(sequence).padStart(4, '0')}`;
  if (pattern && !new RegExp(pattern).test(code)) throw new RuleViolationError('DOSSIER_CODE_FORMAT', `Generated code ${code} does not match the rule pack's format`);
  return code;
}

/**
 * Parse a dossier code leniently (`^[0-9A-Z.]+-\d{6}-\d{4}$`, trimmed, any case); undefined if it does not match or
 * its YYMMDD is not a real day (read as 20YY).
 * @example parseDossierCode('H21.65-220914-0011') // { unitCode: 'H21.65', date: '2022-09-14', sequence: 11 }
 */
export function parseDossierCode(code: string): DossierCodeParts | undefined {
  const match = LENIENT.exec(code.trim().toUpperCase());
  if (!match) return undefined;
  const digits = match[2]!;
  const date = `20${digits.slice(0, 2)}-${digits.slice(2, 4)}-${digits.slice(4, 6)}`;
  // Lenient on the unit part, not on the day: YYMMDD that names no day (31/04, 29/02/2023) is no receipt date.
  if (!isLocalDateString(date)) return undefined;
  return { unitCode: match[1]!, date, sequence: Number(match[3]) };
}
