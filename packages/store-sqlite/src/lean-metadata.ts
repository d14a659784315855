/**
 * Decoding only some metadata keys of an event row (a lean read, for the
 * partition reads of a rebuild): the wanted keys' values are taken straight
 * from the row's compact `meta` array by a plan per shape, and no event id,
 * hash or other key is built. Each value is the one the store's own read
 * gives (property-tested in `test/partition-read.test.ts`).
 *
 * The wanted keys may depend on the event's type: a dictionary value (an
 * actor) costs a table read when it is not cached, and a province's history
 * holds millions of citizens' actors, so a rebuild asks for `actor` only on
 * the types whose actor a report reads.
 */
import { StoreError } from '@motcua/core';
import { freezeParsed } from '@motcua/core/store-kit';
import { base64ToUuid, formatInstant, type MetadataDictionary, type Shape } from './codec';
import { COMPACT_COLUMNS, createRowCodec, NAME_JOINS, type CompactRow } from './codec-rows';
import type { SqliteDatabase } from './driver';

/** Where a wanted metadata key's value is in a `meta` array, and how it is written. */
interface Field {
  key: string;
  /** 'v' value, 'd' dictionary id, 'u' UUID, an instant code. */
  code: string;
  index: number;
}
/** The wanted keys of one shape; null: a key needs the event id or hash (decoded the store's way). */
type Plan = Field[] | null;

/** The plan of a shape: for each wanted key in the shape, where its value is (back references followed). */
function planOf(shape: Shape, wanted: ReadonlySet<string>): Plan {
  const fields: Field[] = [];
  const where: (Field | 'row')[] = [];
  let next = 1;
  for (let k = 0; k < shape.length; k++) {
    const [key, code] = shape[k]!;
    let found: Field | 'row';
    if (code === 'i' || code === 'h') found = 'row';
    else if (typeof code === 'number') {
      const target = where[code];
      if (target === undefined) return null;
      found = target === 'row' ? 'row' : { ...target, key };
    } else found = { key, code, index: next++ };
    where.push(found);
    if (!wanted.has(key)) continue;
    if (found === 'row') return null;
    fields.push(found);
  }
  return fields;
}

/** `(position, type, meta text) → frozen metadata holding only the wanted keys`, in the store's key order. */
export type LeanMetadata = (position: number, type: string, meta: string) => Record<string, unknown>;

/**
 * A lean metadata decoder on a connection: `wanted` keys for every type, or `byType`'s set for the types it names.
 * @example
 * ```ts
 * import { leanMetadata } from './lean-metadata';
 * import type { SqliteDatabase } from './driver';
 * declare const db: SqliteDatabase;
 * const decode = leanMetadata(db, new Set(['occurredAt']), new Map([['DossierAccepted', new Set(['occurredAt', 'actor'])]]));
 * ```
 */
export function leanMetadata(db: SqliteDatabase, wanted: ReadonlySet<string>, byType?: ReadonlyMap<string, ReadonlySet<string>>): LeanMetadata {
  const oneRow = db.prepare(`SELECT ${COMPACT_COLUMNS} FROM ${NAME_JOINS} WHERE e.position = ?`).raw(true);
  const codec = createRowCodec(db);
  const dictionary: MetadataDictionary = codec.dictionary;
  const plans = new Map<ReadonlySet<string>, Map<number, Plan>>();
  // Consecutive rows mostly share a shape, an actor and an instant (a command's events): remember the last of each.
  let lastShape = -1;
  let lastWanted: ReadonlySet<string> | undefined;
  let lastPlan: Plan = null;
  const planFor = (shapeId: number, keys: ReadonlySet<string>): Plan => {
    if (shapeId === lastShape && keys === lastWanted) return lastPlan;
    let byShape = plans.get(keys);
    if (byShape === undefined) plans.set(keys, (byShape = new Map()));
    let plan = byShape.get(shapeId);
    if (plan === undefined) {
      plan = planOf(dictionary.shape!(shapeId), keys);
      if (byShape.size >= 10_000) byShape.clear();
      byShape.set(shapeId, plan);
    }
    lastShape = shapeId;
    lastWanted = keys;
    lastPlan = plan;
    return plan;
  };
  let lastEntry = -1;
  let lastValue: unknown;
  const entry = (id: number): unknown => {
    if (id !== lastEntry) {
      lastValue = dictionary.value!(id);
      lastEntry = id;
    }
    return lastValue;
  };
  let lastCode = '';
  let lastMs = Number.NaN;
  let lastText: string | undefined;
  const instant = (code: string, ms: number): string | undefined => {
    if (ms !== lastMs || code !== lastCode) {
      lastText = formatInstant(code, ms);
      lastCode = code;
      lastMs = ms;
    }
    return lastText;
  };
  const pick = (source: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) if (keys.has(key)) setKey(out, key, source[key]);
    return Object.freeze(out);
  };
  return (position, type, meta) => {
    const keys = byType?.get(type) ?? wanted;
    if (keys.size === 0) return NO_KEYS; // nothing wanted (a type whose metadata no report reads): not even parsed
    const parsed = parseMeta(meta, position);
    if (!Array.isArray(parsed)) return pick(freezeParsed(parsed as Record<string, unknown>), keys); // written inline (a dictionary collision)
    const plan = typeof parsed[0] === 'number' ? planFor(parsed[0], keys) : null;
    if (plan === null) return pick(codec.decode(oneRow.get(position) as CompactRow)[5] as Record<string, unknown>, keys);
    const out: Record<string, unknown> = {};
    for (let f = 0; f < plan.length; f++) {
      const { key, code, index } = plan[f]!;
      const raw = parsed[index];
      const value = code === 'v' ? freezeParsed(raw) : code === 'd' ? entry(raw as number) : code === 'u' ? base64ToUuid(raw as string) : instant(code, raw as number);
      setKey(out, key, value);
    }
    return Object.freeze(out);
  };
}

/** The metadata of an event none of whose keys is wanted (shared: frozen). */
const NO_KEYS: Record<string, unknown> = Object.freeze({});

function parseMeta(text: string, position: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Event at position ${position} has invalid metadata: ${(error as Error).message}`, { cause: error });
  }
}

function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
