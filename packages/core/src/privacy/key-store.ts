import { randomBytes } from 'node:crypto';

/** A data subject's key (khoá của chủ thể dữ liệu): 32 random bytes for AES-256-GCM. */
export interface SubjectKey {
  readonly subject: string;
  /** Key version, written into each event's envelope (1 for a key never rotated). */
  readonly version: number;
  readonly key: Uint8Array;
}

/** A subject whose key was destroyed: its personal data is erased (xoá dữ liệu cá nhân). */
export interface DestroyedKey {
  readonly subject: string;
  readonly destroyed: true;
  /** When it was erased (ISO-8601) and why (`request`: the subject's request, NĐ 13/2023 Đ16; `retention`: the retention period ended). */
  readonly erasedAt: string;
  readonly reason: string;
}

/** What a key store knows of a subject: its key, its erasure, or nothing. */
export type KeyState = SubjectKey | DestroyedKey | undefined;

/** How an erasure is recorded: when, why, by whom (the erasure's audit row). */
export interface ErasureRecord {
  readonly subject: string;
  readonly erasedAt: string;
  readonly reason: string;
  readonly by?: string;
}

/**
 * Where subjects' keys live (kho khoá). The default is a table in the store's
 * own database (`createSqliteKeyStore`, `createPostgresKeyStore`); an external
 * KMS or HSM implements the same four calls (keep the key material there and
 * return it wrapped per call, or return a handle and decrypt there). A key is
 * never re-created once destroyed: the destroyed state is kept as a tombstone.
 *
 * @example
 * ```ts
 * const keys: PersonalDataKeyStore = new InMemoryKeyStore();
 * const k = await keys.keyFor('dossier-1'); // created at first use
 * await keys.destroyKey({ subject: 'dossier-1', erasedAt: new Date().toISOString(), reason: 'request' });
 * ```
 */
export interface PersonalDataKeyStore {
  /** The subject's key for writing: created (one per subject, race-free) at first use; the tombstone if it was destroyed. */
  keyFor(subject: string): Promise<SubjectKey | DestroyedKey>;
  /** The keys of these subjects for reading, without creating any (absent: never had a key). */
  getKeys(subjects: readonly string[]): Promise<Map<string, SubjectKey | DestroyedKey>>;
  /** Destroy the subject's key, keeping a tombstone with the record; `false` when it was already destroyed. */
  destroyKey(record: ErasureRecord): Promise<boolean>;
  /** Every erasure, oldest first (for the audit). */
  erasures(): Promise<ErasureRecord[]>;
}

/** A fresh 32-byte key. */
export const newKeyBytes = (): Uint8Array => new Uint8Array(randomBytes(32));

/**
 * Keys kept in process memory: for tests, benchmarks and simulations (a
 * restart loses every key, so every personal field then fails to read).
 *
 * @example
 * ```ts
 * const store = protectPersonalData(new InMemoryEventStore(), { keys: new InMemoryKeyStore() });
 * ```
 */
export class InMemoryKeyStore implements PersonalDataKeyStore {
  private readonly keys = new Map<string, SubjectKey | DestroyedKey>();
  private readonly log: ErasureRecord[] = [];

  async keyFor(subject: string): Promise<SubjectKey | DestroyedKey> {
    let key = this.keys.get(subject);
    if (!key) {
      key = Object.freeze({ subject, version: 1, key: newKeyBytes() });
      this.keys.set(subject, key);
    }
    return key;
  }

  async getKeys(subjects: readonly string[]): Promise<Map<string, SubjectKey | DestroyedKey>> {
    const out = new Map<string, SubjectKey | DestroyedKey>();
    for (const subject of subjects) {
      const key = this.keys.get(subject);
      if (key) out.set(subject, key);
    }
    return out;
  }

  async destroyKey(record: ErasureRecord): Promise<boolean> {
    const key = this.keys.get(record.subject);
    if (key && 'destroyed' in key) return false;
    if (key) (key.key as Uint8Array).fill(0);
    this.keys.set(record.subject, Object.freeze({ subject: record.subject, destroyed: true, erasedAt: record.erasedAt, reason: record.reason }));
    this.log.push(Object.freeze({ ...record }));
    return true;
  }

  async erasures(): Promise<ErasureRecord[]> {
    return [...this.log];
  }
}

/** True for a destroyed key's tombstone. */
export const isDestroyed = (k: SubjectKey | DestroyedKey | undefined): k is DestroyedKey => k !== undefined && 'destroyed' in k;
