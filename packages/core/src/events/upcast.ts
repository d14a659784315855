import { InvalidHistoryError } from '../errors';
import { frozenJsonCopy } from '../store/json-copy';
import type { EventMetadata } from '../store/types';
import { EVENTS } from './schemas';

/** One event type whose current version is above 1: its version and its upcasters by the version they read. */
interface Chain {
  readonly version: number;
  readonly steps: Readonly<Record<number, (old: never) => unknown>>;
}

/**
 * The event types with upcasters (current version above 1), in an object
 * without a prototype: a type not in it (every version-1 type, a type this
 * code does not know) costs one failed property lookup.
 */
const CHAINS: Readonly<Record<string, Chain | undefined>> = (() => {
  const out = Object.create(null) as Record<string, Chain>;
  for (const [type, def] of Object.entries(EVENTS)) if (def.version > 1) out[type] = Object.freeze({ version: def.version, steps: def.upcast });
  return Object.freeze(out);
})();

/** An event's data and metadata as a store hands it out. */
export interface Readable {
  data: unknown;
  metadata: EventMetadata;
}

/**
 * The schema version an event was written with: `metadata.schemaVersion`,
 * or 1 when it has none (history written before the field existed).
 */
export function writtenVersion(metadata: { readonly schemaVersion?: unknown }): number {
  const written = metadata.schemaVersion;
  return typeof written === 'number' ? written : 1;
}

/**
 * Whether an event of `type` written at `version` needs upcasting to be read
 * by this code: an older version of a type whose current version is above 1.
 * Events at the current version (everything the engine writes), of a version
 * newer than this code knows, or of a type it does not know, are handed out
 * as they are.
 */
export function needsUpcast(type: string, metadata: { readonly schemaVersion?: unknown }): boolean {
  const chain = CHAINS[type];
  if (chain === undefined) return false;
  const written = writtenVersion(metadata);
  return written !== chain.version && Number.isInteger(written) && written >= 1 && written < chain.version;
}

/**
 * Read an old event as the current shape: its data through each upcaster from
 * the version it was written with to the current one, and its metadata with
 * the current `schemaVersion` (everything else kept). The results are frozen
 * JSON values, like every stored event. Call it only when
 * {@link needsUpcast} says so (the stores do, in `storedEvent`). An upcaster
 * that throws is `INVALID_HISTORY`, naming the stream and version.
 *
 * @example
 * ```ts
 * const old = { data: { channel: 'kiosk', ratings: [{ criterion: 'c', level: 'Hài lòng' }], like: false }, metadata: { eventId: 'e-1', schemaVersion: 1, occurredAt: '2024-03-04T09:00:00.000+07:00', recordedAt: '2024-03-04T02:00:00.000Z' } };
 * upcastEvent('dossier-1', 5, 'DossierRated', old).data; // { channel: 'kiosk', ratings: [...], vote: 'dislike' }
 * ```
 */
export function upcastEvent(streamId: string, version: number, type: string, event: Readable): Readable {
  const chain = CHAINS[type]!;
  let data = event.data;
  let step = writtenVersion(event.metadata);
  try {
    for (; step < chain.version; step++) data = chain.steps[step]!(data as never);
  } catch (cause) {
    const error = new InvalidHistoryError(
      streamId,
      version,
      `${type} of schema version ${step} cannot be read as version ${chain.version}: ${(cause as Error)?.message ?? String(cause)}`,
    );
    (error as { cause?: unknown }).cause = cause;
    throw error;
  }
  return { data: frozenJsonCopy(data, 0), metadata: Object.freeze({ ...event.metadata, schemaVersion: chain.version }) };
}

/**
 * An event this code must not interpret: of a known type, written by newer
 * code (`schemaVersion` above the version this code knows). Stores hand such
 * events out unchanged (the log stays readable); the dossier fold refuses them
 * and the projection runner treats them as events it cannot apply, both with
 * `INVALID_HISTORY`.
 */
export function isTooNew(type: string, metadata: { readonly schemaVersion?: unknown }): boolean {
  const current = VERSIONS[type];
  const written = metadata.schemaVersion;
  return current !== undefined && typeof written === 'number' && written > current;
}

/** The current version of every event type, in an object without a prototype. */
const VERSIONS: Readonly<Record<string, number | undefined>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries(Object.entries(EVENTS).map(([t, d]) => [t, d.version]))),
);

/** The `INVALID_HISTORY` error for an event {@link isTooNew} refuses. */
export function tooNewError(event: { streamId: string; version: number; type: string; metadata: { readonly schemaVersion?: unknown } }): InvalidHistoryError {
  const known = VERSIONS[event.type];
  return new InvalidHistoryError(
    event.streamId,
    event.version,
    `${event.type} was written with schema version ${writtenVersion(event.metadata)}, newer than this code reads (${known}): upgrade the code before it reads this log`,
  );
}
