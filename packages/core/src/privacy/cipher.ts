import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Prefix of an encrypted field: format 1 = AES-256-GCM, 12-byte IV, 16-byte tag, base64url. */
export const CIPHER_PREFIX = 'pd1.';

/**
 * The authenticated data of a field: binds its ciphertext to the stream, the
 * event and the field, so a ciphertext copied into another event, stream or
 * field fails to decrypt.
 */
export function fieldAad(streamId: string, eventId: string, path: string): Buffer {
  return Buffer.from(`motcua-pd/1\n${streamId}\n${eventId}\n${path}`, 'utf8');
}

/** Random bytes drawn 4 KiB at a time (one call to the system's generator per 341 IVs). */
let pool = Buffer.alloc(0);
let at = 0;
function nextIv(): Buffer {
  if (at + 12 > pool.length) {
    pool = randomBytes(4096);
    at = 0;
  }
  at += 12;
  return pool.subarray(at - 12, at);
}

/**
 * Encrypt one field's text with AES-256-GCM under `key` (32 bytes), a random
 * 12-byte IV per field: `pd1.<iv>.<ciphertext>.<tag>` (base64url).
 *
 * @example
 * ```ts
 * import { randomBytes } from 'node:crypto';
 * const key = randomBytes(32);
 * const c = encryptField(key, 'Nguyễn Văn An', fieldAad('dossier-1', 'e-1', 'applicant.name'));
 * decryptField(key, c, fieldAad('dossier-1', 'e-1', 'applicant.name')); // 'Nguyễn Văn An'
 * ```
 */
export function encryptField(key: Uint8Array, plaintext: string, aad: Buffer): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${CIPHER_PREFIX}${iv.toString('base64url')}.${ct.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/**
 * Decrypt a field written by {@link encryptField}; throws when the text is not
 * such a field, or the key, the authenticated data or the ciphertext differ.
 *
 * @example
 * ```ts
 * declare const key: Uint8Array, c: string;
 * const name = decryptField(key, c, fieldAad('dossier-1', 'e-1', 'applicant.name'));
 * ```
 */
export function decryptField(key: Uint8Array, text: string, aad: Buffer): string {
  if (!text.startsWith(CIPHER_PREFIX)) throw new Error('not an encrypted field');
  const [iv, ct, tag, extra] = text.slice(CIPHER_PREFIX.length).split('.');
  if (iv === undefined || ct === undefined || tag === undefined || extra !== undefined) throw new Error('malformed encrypted field');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
