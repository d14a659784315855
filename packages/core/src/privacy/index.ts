/** Crypto-shredding of personal data (docs/security.md). */
export { PERSONAL_FIELDS, personalPaths } from './fields';
export { encryptField, decryptField, fieldAad, CIPHER_PREFIX } from './cipher';
export { InMemoryKeyStore, isDestroyed, newKeyBytes } from './key-store';
export type { PersonalDataKeyStore, SubjectKey, DestroyedKey, ErasureRecord, KeyState } from './key-store';
export { protectPersonalData, subjectOfStream, REDACTED, ENCRYPTED_MARK } from './protect';
export type { ProtectedEventStore, ProtectOptions, EraseOptions, DossierCache } from './protect';
export { eraseExpiredPersonalData, retentionEnds, DEFAULT_RETENTION } from './retention';
export type { RetentionPolicy, RetentionPeriod, EraseExpiredOptions, EraseExpiredResult } from './retention';
