import type { EventEmitter } from 'eventemitter3';
import { StoreError } from '../errors';
import { dossierIdOfStream } from '../engine/types';
import { rememberWritten, writtenForm } from '../integrity/written';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  NewEvent,
  PersonalDataEnvelope,
  ProjectionSnapshot,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  StoreNotificationEvents,
  StoredEvent,
  WaitOptions,
} from '../store/types';
import { decryptField, encryptField, fieldAad } from './cipher';
import { APPLICANT_ROLE, DROPPED_WHEN_ERASED, freezeFresh, mapPaths, PERSONAL_FIELDS, personalPaths } from './fields';
import { isDestroyed, type DestroyedKey, type PersonalDataKeyStore, type SubjectKey } from './key-store';

/** What an erased personal field reads as (the applicant's ID number reads as absent instead). */
export const REDACTED = '[đã xoá]';

/** Options of {@link protectPersonalData}. */
export interface ProtectOptions {
  /** Where the subjects' keys live. */
  keys: PersonalDataKeyStore;
  /**
   * How long a key read from the key store is kept in this process, in ms
   * (default 30,000; 0: read the key store on every read). An erasure made
   * through this store takes effect here at once; one made by another process
   * is seen here at the latest this long after.
   */
  keyCacheMs?: number;
}

/** Something that caches decrypted dossiers and can drop one: an `Engine`. */
export interface DossierCache {
  forget(dossierId: string): Promise<void>;
}

/** Options of {@link ProtectedEventStore.eraseSubject}. */
export interface EraseOptions {
  /** Why: `request` (the subject asked, NĐ 13/2023 Đ16), `retention` (the period ended), or another reason recorded as given. */
  reason: string;
  /** Who erased (an officer's id), recorded with the erasure. */
  by?: string;
  /** When (default now). */
  at?: Date;
  /** Engines whose cached state of the dossier must be dropped at once. */
  engines?: readonly DossierCache[];
}

/**
 * An event store whose events carry personal data encrypted per subject,
 * made by {@link protectPersonalData}: every read decrypts, and reads
 * {@link REDACTED} once the subject's key is destroyed by `eraseSubject`.
 */
export interface ProtectedEventStore extends EventStore {
  /** The store underneath: it holds and hands out the encrypted form. */
  readonly inner: EventStore;
  readonly keys: PersonalDataKeyStore;
  /**
   * Erase a subject's personal data (xoá dữ liệu cá nhân): destroy its key.
   * Every event of the subject then reads redacted, on every store and every
   * reader; the events, their hashes and every report stay as they were.
   * Resolves `false` when the subject was already erased.
   */
  eraseSubject(subject: string, options: EraseOptions): Promise<boolean>;
}

/**
 * The data subject of a dossier stream: one per dossier (the applicant, the
 * receiver of the result, the people at a verification — everyone the
 * dossier's personal fields are about), named by the stream id.
 *
 * @example
 * ```ts
 * subjectOfStream('dossier-0190f2a0-0000-7000-8000-000000000001'); // 'dossier-0190f2a0-0000-7000-8000-000000000001'
 * ```
 */
export const subjectOfStream = (streamId: string): string => streamId;

/**
 * Wrap an event store so that the personal fields of every event
 * (`PERSONAL_FIELDS`, and the applicant's own `metadata.actor`) are stored
 * encrypted with AES-256-GCM under the dossier's key, and read decrypted —
 * crypto-shredding (docs/security.md). Works over every adapter (in memory,
 * SQLite, PostgreSQL); the hash chain covers the stored (encrypted) form, so
 * erasure leaves `verifyHistory` intact.
 *
 * @example
 * ```ts
 * const keys = new InMemoryKeyStore();
 * const store = protectPersonalData(new InMemoryEventStore(), { keys });
 * const engine = createEngine({ store, catalog });
 * // later: the applicant asks to be forgotten
 * await store.eraseSubject(subjectOfStream(dossierStreamId(dossierId)), { reason: 'request', by: 'qt-01', engines: [engine] });
 * ```
 */
export function protectPersonalData(inner: EventStore, options: ProtectOptions): ProtectedEventStore {
  return new Protected(inner, options);
}

interface Cached {
  readonly key: SubjectKey | DestroyedKey;
  readonly until: number;
}

class Protected implements ProtectedEventStore {
  readonly keys: PersonalDataKeyStore;
  readonly notifications: EventEmitter<StoreNotificationEvents>;
  readonly batch?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** The inner store's record of where hashing began (`verifyHistory` on the protected store applies it as on the inner one). */
  readonly hashedFrom?: () => Promise<number | undefined>;
  private readonly ttl: number;
  private readonly cache = new Map<string, Cached>();

  constructor(
    readonly inner: EventStore,
    options: ProtectOptions,
  ) {
    this.keys = options.keys;
    this.ttl = options.keyCacheMs ?? 30_000;
    this.notifications = inner.notifications;
    if (inner.batch) this.batch = (fn) => inner.batch!(fn);
    if (inner.hashedFrom) this.hashedFrom = () => inner.hashedFrom!();
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const subject = subjectOfStream(streamId);
    let sealed = events;
    let plain: Map<string, string[]> | undefined;
    if (events.some(hasPersonalData)) {
      const key = await this.keyForWrite(subject);
      plain = new Map();
      sealed = events.map((e) => seal(streamId, subject, key, e, plain!));
    }
    const result = await this.inner.append(streamId, sealed, options);
    // What was just written is known in clear: no need to decrypt it again (a duplicate holds the first attempt's ciphertexts: decrypted).
    return { ...result, events: await this.openAll(result.events, result.duplicate ? undefined : plain) };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult> {
    const result = await this.inner.readStream(streamId, options);
    return { version: result.version, events: await this.openAll(result.events) };
  }

  async *readBatches(options?: ReadAllOptions): AsyncIterable<StoredEvent[]> {
    for await (const batch of this.inner.readBatches(options)) yield await this.openAll(batch);
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    for await (const batch of this.readBatches(options)) yield* batch;
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }
  waitUntilReadable(position?: number, options?: WaitOptions): Promise<number> {
    return this.inner.waitUntilReadable(position, options);
  }
  nextSequence(key: string): Promise<number> {
    return this.inner.nextSequence(key);
  }
  loadProjection<State = unknown>(name: string): Promise<ProjectionSnapshot<State> | undefined> {
    return this.inner.loadProjection<State>(name);
  }
  saveProjection<State = unknown>(name: string, snapshot: ProjectionSnapshot<State>): Promise<void> {
    return this.inner.saveProjection(name, snapshot);
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  async eraseSubject(subject: string, options: EraseOptions): Promise<boolean> {
    const erasedAt = (options.at ?? new Date()).toISOString();
    const done = await this.keys.destroyKey({ subject, erasedAt, reason: options.reason, ...(options.by !== undefined ? { by: options.by } : {}) });
    this.cache.set(subject, { key: { subject, destroyed: true, erasedAt, reason: options.reason }, until: Number.POSITIVE_INFINITY });
    for (const engine of options.engines ?? []) await engine.forget(dossierIdOfStream(subject));
    return done;
  }

  private async keyForWrite(subject: string): Promise<SubjectKey | DestroyedKey> {
    const hit = this.cache.get(subject);
    if (hit && hit.until > Date.now()) return hit.key;
    const key = await this.keys.keyFor(subject);
    this.remember(key);
    return key;
  }

  private remember(key: SubjectKey | DestroyedKey): void {
    if (this.ttl <= 0 && !isDestroyed(key)) return;
    if (this.cache.size >= 100_000) this.cache.clear();
    this.cache.set(key.subject, { key, until: isDestroyed(key) ? Number.POSITIVE_INFINITY : Date.now() + this.ttl });
  }

  /** Decrypt (or redact) a batch of stored events, reading the keys it needs in one call. */
  private async openAll(events: readonly StoredEvent[], known?: ReadonlyMap<string, string[]>): Promise<StoredEvent[]> {
    const now = Date.now();
    let missing: Set<string> | undefined;
    for (const event of events) {
      const env = event.metadata.personalData;
      if (!env || env.fields.length + (env.actor?.length ?? 0) === 0) continue;
      const hit = this.cache.get(env.subject);
      if ((!hit || hit.until <= now) && !known?.has(event.metadata.eventId)) (missing ??= new Set()).add(env.subject);
    }
    const fetched = missing ? await this.keys.getKeys([...missing]) : undefined;
    if (fetched) for (const key of fetched.values()) this.remember(key);
    return events.map((event) => {
      const env = event.metadata.personalData;
      if (!env || env.fields.length + (env.actor?.length ?? 0) === 0) return event;
      const values = known?.get(event.metadata.eventId);
      if (values) return open(event, env, values);
      const key = fetched?.get(env.subject) ?? this.cache.get(env.subject)?.key;
      if (!key)
        throw new StoreError(
          'STORE_CORRUPTED',
          `No key for personal data subject ${env.subject} (stream ${event.streamId}, version ${event.version}): the key store is not this log's`,
        );
      return open(event, env, key);
    });
  }
}

function hasPersonalData(event: NewEvent): boolean {
  const patterns = PERSONAL_FIELDS[event.type as keyof typeof PERSONAL_FIELDS];
  return (patterns !== undefined && patterns.length > 0) || event.metadata.actor?.role === APPLICANT_ROLE;
}

const ACTOR_FIELDS = ['id', 'name'] as const;

/** What a personal field holds in the stored form: its value is in the envelope's `ct`. */
export const ENCRYPTED_MARK = '[mã hoá]';

/** The authenticated data of an event's envelope: its stream, its id and which fields it holds. */
const envelopeAad = (streamId: string, eventId: string, env: { fields: readonly string[]; actor?: readonly string[] }) =>
  fieldAad(streamId, eventId, `${env.fields.join(',')}|${(env.actor ?? []).join(',')}`);

/**
 * The event as it is stored: its personal fields replaced by {@link ENCRYPTED_MARK}
 * and their values (data fields, then actor fields) encrypted together into
 * the envelope under the subject's key — or already redacted when the subject
 * was erased before. The values in clear go to `plain` by event id.
 */
function seal(streamId: string, subject: string, key: SubjectKey | DestroyedKey, event: NewEvent, plain: Map<string, string[]>): NewEvent {
  const patterns = PERSONAL_FIELDS[event.type as keyof typeof PERSONAL_FIELDS] ?? [];
  const fields = personalPaths(event.data, patterns);
  const who = event.metadata.actor;
  const actor = who?.role === APPLICANT_ROLE ? ACTOR_FIELDS.filter((f) => typeof who[f] === 'string') : [];
  if (fields.length === 0 && actor.length === 0) return event;
  if (isDestroyed(key)) {
    const envelope: PersonalDataEnvelope = { subject, keyVersion: 0, fields: [], erased: true };
    return {
      type: event.type,
      data: redact(event.data, fields),
      metadata: { ...event.metadata, ...(actor.length ? { actor: redact(who, actor) as EventMetadata['actor'] } : {}), personalData: envelope },
    };
  }
  const values: string[] = [];
  const data = mapPaths(event.data, fields, (_, v) => (values.push(v), ENCRYPTED_MARK));
  const maskedActor = actor.length ? (mapPaths(who, actor, (_, v) => (values.push(v), ENCRYPTED_MARK)) as EventMetadata['actor']) : undefined;
  const env: PersonalDataEnvelope = { subject, keyVersion: key.version, fields, ...(actor.length ? { actor: [...actor] } : {}) };
  env.ct = encryptField(key.key, JSON.stringify(values), envelopeAad(streamId, event.metadata.eventId, env));
  plain.set(event.metadata.eventId, values);
  return { type: event.type, data, metadata: { ...event.metadata, ...(maskedActor ? { actor: maskedActor } : {}), personalData: env } };
}

function redact(value: unknown, paths: readonly string[]): unknown {
  return mapPaths(value, paths, (path) => (DROPPED_WHEN_ERASED.has(path.slice(path.lastIndexOf('.') + 1)) ? undefined : REDACTED));
}

/** The stored event with its personal fields in clear (from the key, or the values just written), or redacted when the key is destroyed. */
function open(event: StoredEvent, env: PersonalDataEnvelope, from: SubjectKey | DestroyedKey | readonly string[]): StoredEvent {
  const erased = !Array.isArray(from) && isDestroyed(from as SubjectKey | DestroyedKey);
  const actorFields = env.actor ?? [];
  let data: unknown;
  let actor: unknown = event.metadata.actor;
  if (erased) {
    data = redact(event.data, env.fields);
    if (actorFields.length) actor = redact(event.metadata.actor, actorFields);
  } else {
    let values: readonly string[];
    if (Array.isArray(from)) values = from;
    else {
      const key = from as SubjectKey;
      if (key.version !== env.keyVersion)
        throw new StoreError(
          'STORE_CORRUPTED',
          `Personal data of stream ${event.streamId} version ${event.version} is under key version ${env.keyVersion}, the key store has ${key.version}`,
        );
      try {
        values = JSON.parse(decryptField(key.key, env.ct ?? '', envelopeAad(event.streamId, event.metadata.eventId, env))) as string[];
        if (!Array.isArray(values) || values.length !== env.fields.length + actorFields.length || values.some((v) => typeof v !== 'string'))
          throw new Error('not the values of the fields');
      } catch (cause) {
        throw new StoreError(
          'STORE_CORRUPTED',
          `Personal data of stream ${event.streamId} version ${event.version} does not decrypt: altered, moved from another event, or another key`,
          {
            cause,
          },
        );
      }
    }
    let next = 0;
    data = mapPaths(event.data, env.fields, () => values[next++]);
    if (actorFields.length) actor = mapPaths(event.metadata.actor, actorFields, () => values[next++]);
  }
  const { ct: _stored, ...shown } = env;
  const metadata = freezeFresh({ ...event.metadata, ...(actorFields.length ? { actor } : {}), personalData: erased ? { ...shown, erased: true } : shown }) as EventMetadata;
  const opened = Object.freeze({ streamId: event.streamId, version: event.version, position: event.position, type: event.type, data: freezeFresh(data), metadata }) as StoredEvent;
  rememberWritten(opened, writtenForm(event)); // the hash chain covers the stored (encrypted) form
  return opened;
}
