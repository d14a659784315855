import { needsUpcast, upcastEvent } from '../events/upcast';
import { rememberWritten } from '../integrity/written';
import type { EventMetadata, StoredEvent } from './types';

/**
 * Deep-freeze a value fresh from `JSON.parse` (plain objects, arrays,
 * primitives) in place, in one pass without allocating: how the SQL adapters
 * make decoded rows immutable.
 *
 * @example
 * ```ts
 * const data = freezeParsed(JSON.parse('{"due":{"date":"2024-10-28"}}'));
 * Object.isFrozen(data.due); // true
 * ```
 */
export function freezeParsed<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) freezeParsed(value[i]);
    } else {
      const fields = value as Record<string, unknown>;
      for (const key in fields) freezeParsed(fields[key]);
    }
    Object.freeze(value);
  }
  return value;
}

/**
 * A {@link StoredEvent} from parts that are already deeply frozen (or
 * primitives); the event object itself is frozen here. Every adapter builds
 * the events it hands out here, so this is where old event versions are read
 * as the current shape (`events/upcast.ts`, docs/events.md): an event written
 * with an older `schemaVersion` of a type that has upcasters comes out as the
 * current version; any other event (the current version, a newer one, an
 * unknown type) costs one failed lookup.
 *
 * @example
 * ```ts
 * declare const frozenData: Readonly<Record<string, unknown>>, frozenMetadata: EventMetadata;
 * const e = storedEvent('dossier-1', 1, 1, 'DossierReceived', frozenData, frozenMetadata);
 * ```
 */
export function storedEvent(streamId: string, version: number, position: number, type: string, data: unknown, metadata: EventMetadata): StoredEvent {
  if (needsUpcast(type, metadata)) {
    const written = { data, metadata };
    ({ data, metadata } = upcastEvent(streamId, version, type, written));
    const event = Object.freeze({ streamId, version, position, type, data, metadata });
    rememberWritten(event, written); // the hash chain covers what was written (integrity/written.ts)
    return event;
  }
  return Object.freeze({ streamId, version, position, type, data, metadata });
}
