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

const values = new Map<string, unknown>();

/**
 * The shared copy of a small frozen JSON value (a time limit, a due date): one
 * object per distinct value instead of one per dossier. Only for values that
 * are never mutated (event data is deeply frozen).
 * @example const a = internValue({ date: '2024-10-28', at: '2024-10-28T17:00:00.000+07:00' }); internValue({ ...a }) === a; // true
 */
export function internValue<T>(value: T): T {
  const key = JSON.stringify(value);
  let shared = values.get(key) as T | undefined;
  if (shared === undefined) {
    if (values.size >= LIMIT) values.clear();
    values.set(key, value);
    shared = value;
  }
  return shared;
}
