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

const dues = new Map<string, unknown>();
const limits = new Map<string, unknown>();

/** The shared copy of `value` under a key built by the caller (injective over the shapes it accepts). */
function shared<T>(table: Map<string, unknown>, key: string, value: T): T {
  let found = table.get(key) as T | undefined;
  if (found === undefined) {
    if (table.size >= LIMIT) table.clear();
    table.set(key, value);
    found = value;
  }
  return found;
}

/**
 * {@link internValue} of a due date (`{ date, at, estimated? }`), keyed by its
 * fields instead of a `JSON.stringify` per call (the timeliness fold interns
 * one per accepted dossier); any other shape goes to `internValue`.
 * @example internDue({ date: '2024-10-28', at: '2024-10-28T17:00:00.000+07:00' }) === internDue({ date: '2024-10-28', at: '2024-10-28T17:00:00.000+07:00' }); // true
 */
export function internDue<T extends { date: string; at: string; estimated?: true }>(due: T): T {
  let fields = 0;
  for (const key in due) {
    if (key !== 'date' && key !== 'at' && key !== 'estimated') return internValue(due);
    fields++;
  }
  const estimated = due.estimated;
  if (typeof due.date !== 'string' || typeof due.at !== 'string' || (estimated !== undefined && estimated !== true) || fields !== (estimated === undefined ? 2 : 3))
    return internValue(due);
  return shared(dues, `${due.date}\u0000${due.at}\u0000${estimated === true ? 'e' : ''}`, due);
}

/**
 * {@link internValue} of a time limit (`{ unit, value }` or `{ unit, cutoff? }`),
 * keyed by its fields; any other shape goes to `internValue`.
 * @example internLimit({ unit: 'workingDays', value: 5 }) === internLimit({ unit: 'workingDays', value: 5 }); // true
 */
export function internLimit<T extends { unit: string; value?: number; cutoff?: string }>(limit: T): T {
  let fields = 0;
  for (const key in limit) {
    if (key !== 'unit' && key !== 'value' && key !== 'cutoff') return internValue(limit);
    fields++;
  }
  const { unit, value, cutoff } = limit;
  if (typeof unit !== 'string' || (value !== undefined && typeof value !== 'number') || (cutoff !== undefined && typeof cutoff !== 'string')) return internValue(limit);
  if (fields !== 1 + (value === undefined ? 0 : 1) + (cutoff === undefined ? 0 : 1)) return internValue(limit);
  return shared(limits, `${unit}\u0000${value === undefined ? '' : `v${value}`}\u0000${cutoff === undefined ? '' : `c${cutoff}`}`, limit);
}
