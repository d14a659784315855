/**
 * Signed log checkpoints (điểm kiểm tra có chữ ký): the log chain root at a
 * position, signed with the province's Ed25519 key and exported as JSON.
 * Kept outside the database (or published), a checkpoint proves that the log
 * up to its position is the one that was signed: any later edit, deletion,
 * insertion or reordering up there — even with every hash recomputed —
 * changes the root. A report computed up to a checkpointed position can be
 * shown to come from an untouched log.
 */
import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { StoreError, ValidationError } from '../errors';
import { canonicalJson } from './canonical';
import { type VerifiableStore, verifyHistory } from './verify';

/** Format tag of a checkpoint. */
export const CHECKPOINT_FORMAT = 'motcua-checkpoint/1';

/** The log chain root at a position (unsigned). */
export interface LogCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  /** Global position the checkpoint covers up to (inclusive). */
  upTo: number;
  /** Number of events at or before `upTo`. */
  events: number;
  /** The log chain root after the last of them (hex SHA-256). */
  root: string;
  /** When it was made (ISO-8601 UTC). */
  createdAt: string;
  /** Who made it, e.g. the province's code. */
  issuer?: string;
}

/** A checkpoint with its Ed25519 signature (base64) and the signing key's id. */
export interface SignedCheckpoint extends LogCheckpoint {
  /** First 16 hex digits of SHA-256 of the public key (SPKI DER). */
  keyId: string;
  signature: string;
}

/**
 * Compute the checkpoint of the log up to `upTo` (default: everything
 * readable). Verifies the history first and refuses (`STORE_CORRUPTED`) to
 * checkpoint a log that does not verify.
 *
 * @example
 * ```ts
 * const cp = await createCheckpoint(store, { issuer: 'H21' });
 * ```
 */
export async function createCheckpoint(store: VerifiableStore, options: { upTo?: number; issuer?: string; now?: Date } = {}): Promise<LogCheckpoint> {
  const checked = await verifyHistory(store, options.upTo === undefined ? {} : { to: options.upTo });
  if (!checked.ok) throw new StoreError('STORE_CORRUPTED', `Cannot checkpoint a log that does not verify: ${checked.message}`);
  const cp: LogCheckpoint = {
    format: CHECKPOINT_FORMAT,
    upTo: options.upTo ?? checked.head.position,
    events: checked.events,
    root: checked.head.root,
    createdAt: (options.now ?? new Date()).toISOString(),
  };
  if (options.issuer !== undefined) cp.issuer = options.issuer;
  return cp;
}

/**
 * Sign a checkpoint with an Ed25519 private key (PEM or KeyObject).
 *
 * @example
 * ```ts
 * const keys = generateCheckpointKeys();
 * const signed = signCheckpoint(await createCheckpoint(store), keys.privateKey);
 * const exported = JSON.stringify(signed); // a file, a mail, the province's site
 * ```
 */
export function signCheckpoint(checkpoint: LogCheckpoint, privateKey: KeyObject | string): SignedCheckpoint {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const unsigned = unsignedPart(checkpoint);
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), key).toString('base64');
  return { ...unsigned, keyId: keyIdOf(createPublicKey(key)), signature };
}

/**
 * Whether a signed checkpoint was signed by the holder of `publicKey` and not changed since.
 *
 * @example
 * ```ts
 * declare const signed: SignedCheckpoint, publicKeyPem: string;
 * verifyCheckpoint(signed, publicKeyPem); // true
 * ```
 */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (checkpoint.format !== CHECKPOINT_FORMAT || checkpoint.keyId !== keyIdOf(key)) return false;
    return verify(null, Buffer.from(canonicalJson(unsignedPart(checkpoint))), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * A new Ed25519 key pair as PEM (private: PKCS#8, public: SPKI). Keep the
 * private key off the database server (see docs/security.md, key handling).
 *
 * @example
 * ```ts
 * const { privateKey, publicKey } = generateCheckpointKeys();
 * ```
 */
export function generateCheckpointKeys(): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync('ed25519');
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The key id: first 16 hex digits of SHA-256 of the public key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Refuse checkpoints whose signature does not verify (`VALIDATION_FAILED`, naming each). */
export function checkCheckpointSignatures(checkpoints: readonly SignedCheckpoint[], publicKey: KeyObject | string | undefined): void {
  if (publicKey === undefined) {
    throw new ValidationError('Checkpoints need the public key they were signed with', [{ code: 'required', path: ['publicKey'], message: 'required with checkpoints' }]);
  }
  const bad = checkpoints.flatMap((cp, i) => (verifyCheckpoint(cp, publicKey) ? [] : [i]));
  if (bad.length > 0) {
    throw new ValidationError(
      'Checkpoint signature does not verify',
      bad.map((index) => ({
        code: 'bad_signature',
        path: ['checkpoints', index, 'signature'],
        message: `checkpoint up to ${checkpoints[index]!.upTo}: not signed by this key, or changed`,
      })),
    );
  }
}

function unsignedPart(cp: LogCheckpoint): LogCheckpoint {
  const out: LogCheckpoint = { format: CHECKPOINT_FORMAT, upTo: cp.upTo, events: cp.events, root: cp.root, createdAt: cp.createdAt };
  if (cp.issuer !== undefined) out.issuer = cp.issuer;
  return out;
}
