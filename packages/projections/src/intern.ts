/**
 * Interning of the short codes a projection keeps per dossier (unit,
 * procedure, version, channel, official id): every event's JSON parse gives a
 * fresh copy of the same few thousand strings, and a province's ended-dossier
 * window holds hundreds of thousands of records. One shared copy per text
 * instead (đơn vị, thủ tục — mã dùng chung). Equal text in, equal text out:
 * interning changes no value, only how many copies are held.
 */
const table = new Map<string, string>();
/** Bound on the table: cleared when full (codes are few; a clear costs only sharing). */
const LIMIT = 65_536;

/**
 * The shared copy of `text`.
 * @example intern(JSON.parse('"000.10.20.H26"')) === intern('000.10.20.H26'); // true, and the same string object
 */
export function intern(text: string): string {
  let shared = table.get(text);
  if (shared === undefined) {
    if (table.size >= LIMIT) table.clear();
    table.set(text, text);
    shared = text;
  }
  return shared;
}
