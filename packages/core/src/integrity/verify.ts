import type { KeyObject } from 'node:crypto';
import type { EventLog, EventStore, LogSubscription } from '../store/types';
import { canonicalJson } from './canonical';
import { linkHash, metadataWithoutHash, sha256, storedHash } from './chain';
import { linkHash2 } from './chain-v2';
import { type SignedCheckpoint, checkCheckpointSignatures } from './checkpoint';
import { EMPTY_LOG_ROOT, logLink } from './log-chain';
import { writtenForm } from './written';

/** Where the stored log first differs from what was written. */
export interface BrokenEvent {
  streamId: string;
  version: number;
  position: number;
}

/**
 * Why verification failed: `hash` (content or link does not match),
 * `version` (a stream's versions are not 1, 2, 3, … in log order: an event
 * deleted, inserted or moved), `missing-hash` (an event without a hash after
 * the first hashed one, or at or after the position the store records
 * hashing from, {@link VerifyOptions.hashedFrom}), `checkpoint` (the log up to a signed checkpoint is
 * not the one that was signed), `truncated` (fewer events up to a signed
 * checkpoint than it counted: events deleted, e.g. the last of a stream).
 * For the last two, `firstBroken` is the first event after the last
 * checkpoint that matched (a stream id `''` and version 0 when there is none).
 */
export type BrokenReason = 'hash' | 'version' | 'missing-hash' | 'checkpoint' | 'truncated';

/** The outcome of {@link verifyHistory}. */
export interface VerifyResult {
  ok: boolean;
  /** The first event, in log order, that fails (see {@link BrokenReason}). */
  firstBroken?: BrokenEvent;
  reason?: BrokenReason;
  /** A sentence saying what failed, for people. */
  message?: string;
  /** Events read (up to the first broken one). */
  events: number;
  /** Events written before hashing (no `metadata.hash`, all before the first hashed event and before `hashedFrom`): covered by checkpoints only. */
  unchained: number;
  /** The position from which every event had to carry a hash (the option, else the store's record); absent when neither gave one. */
  hashedFrom?: number;
  /** Global position of the last event read, and the log chain root there (what a checkpoint signs). */
  head: { position: number; root: string };
  /** Signed checkpoints compared with the log. */
  checkpointsVerified: number;
}

/** Options of {@link verifyHistory}. */
export interface VerifyOptions {
  /** Signed checkpoints to hold the log against (their signatures are checked first). */
  checkpoints?: readonly SignedCheckpoint[];
  /** The public key the checkpoints were signed with (Ed25519; PEM or KeyObject). Required with `checkpoints`. */
  publicKey?: KeyObject | string;
  /** Stop after this position (inclusive), e.g. to compute a checkpoint at the end of a day. */
  to?: number;
  /** Refuse events without a hash anywhere (a log written entirely by this version): no event is taken as written before hashing. */
  requireHashes?: boolean;
  /**
   * Refuse events without a hash at or after this position (`missing-hash`); only those before it may be taken as
   * written before hashing. Default: what the store records (`store.hashedFrom()`, the SQLite, PostgreSQL and
   * in-memory stores: docs/security.md); give it for a store that wraps one without passing the method on.
   */
  hashedFrom?: number;
}

/** A store `verifyHistory` can read: the log, its read horizon, and where hashing began (each optional but `readAll`). */
export type VerifiableStore = Pick<EventLog, 'readAll'> & Partial<Pick<LogSubscription, 'waitUntilReadable'>> & Pick<EventStore, 'hashedFrom'>;

/**
 * Verify the tamper-evident history (kiểm tra toàn vẹn lịch sử): read the
 * whole log through the store port and recompute every event's hash and
 * stream link, the stream versions in log order, and the global log chain;
 * with signed checkpoints, hold the log against each. Works on every store
 * (in memory, SQLite, PostgreSQL). Resolves `{ ok: false, firstBroken }`
 * naming the first event, in log order, that does not check out. An
 * event's hash may be in either link format: `motcua-event/1` (appends) or
 * `motcua-event/2` (one SHA-256, written by bulk imports; `chain-v2.ts`).
 *
 * What it detects without checkpoints: any change to an event's stream,
 * version, type, data or metadata; an event deleted, inserted or moved
 * inside a stream; a stripped hash. Events without a hash are taken as
 * written before hashing only before the first hashed event and before the
 * position the store records hashing from (`store.hashedFrom()`; from
 * anywhere with `requireHashes`). What it needs a checkpoint for: the
 * order of events of different streams, the last events of a stream
 * deleted, and a writer with database access who recomputes every hash
 * after his edit (the hashes carry no secret; the checkpoint's signature
 * does). See docs/security.md.
 *
 * @example
 * ```ts
 * const result = await verifyHistory(store);
 * if (!result.ok) console.error('tampered at', result.firstBroken, result.message);
 * ```
 */
export async function verifyHistory(store: VerifiableStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  const checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => a.upTo - b.upTo);
  if (checkpoints.length > 0) checkCheckpointSignatures(checkpoints, options.publicKey);
  await store.waitUntilReadable?.();
  // From here on every event must carry a hash: everywhere, or from where the store recorded that hashing began.
  const hashedFrom = options.hashedFrom ?? (await store.hashedFrom?.());
  const required = options.requireHashes ? 0 : (hashedFrom ?? Number.POSITIVE_INFINITY);
  const streams = new Map<string, { version: number; hash: string | undefined }>();
  let root = EMPTY_LOG_ROOT;
  let events = 0;
  let unchained = 0;
  let lastPosition = 0;
  let hashedSeen = false;
  let next = 0; // next checkpoint to compare
  let verifiedUpTo = 0; // position of the last checkpoint that matched
  let firstAfterCheckpoint: BrokenEvent | undefined;
  const result = (extra: Partial<VerifyResult> = {}): VerifyResult => ({
    ok: true,
    events,
    unchained,
    ...(hashedFrom === undefined ? {} : { hashedFrom }),
    head: { position: lastPosition, root },
    checkpointsVerified: next,
    ...extra,
  });
  /** Compare every checkpoint at or before `position` with the chain so far; the failure, if any. */
  const compareUpTo = (position: number): VerifyResult | undefined => {
    for (; next < checkpoints.length && checkpoints[next]!.upTo < position; next++) {
      const cp = checkpoints[next]!;
      if (cp.root === root && cp.events === events) {
        verifiedUpTo = cp.upTo;
        firstAfterCheckpoint = undefined;
        continue;
      }
      const truncated = events < cp.events;
      const at = firstAfterCheckpoint ?? { streamId: '', version: 0, position: verifiedUpTo + 1 };
      return result({
        ok: false,
        firstBroken: at,
        reason: truncated ? 'truncated' : 'checkpoint',
        message: `The log up to position ${cp.upTo} is not the one checkpointed on ${cp.createdAt} (${cp.events} events, root ${cp.root.slice(0, 12)}…; found ${events} events, root ${root.slice(0, 12)}…): changed after position ${verifiedUpTo}`,
      });
    }
    return undefined;
  };
  for await (const event of store.readAll(options.to === undefined ? {} : { to: options.to })) {
    const failed = compareUpTo(event.position);
    if (failed) return failed;
    const at: BrokenEvent = { streamId: event.streamId, version: event.version, position: event.position };
    const broken = (reason: BrokenReason, message: string) =>
      result({ ok: false, firstBroken: at, reason, message: `${event.streamId} v${event.version} at position ${event.position}: ${message}` });
    const prev = streams.get(event.streamId);
    const expectedVersion = (prev?.version ?? 0) + 1;
    if (event.version !== expectedVersion) return broken('version', `expected version ${expectedVersion} of the stream here (an event deleted, inserted or moved)`);
    const { data, metadata } = writtenForm(event);
    const stored = storedHash(metadata);
    // The canonical content once; the digest of format 1 (appends) and the single hash of format 2 (imports) both cover it.
    const content = canonicalJson([event.streamId, event.type, data, metadataWithoutHash(metadata)]);
    let hash: string;
    if (stored === undefined) {
      if (hashedSeen) return broken('missing-hash', 'has no hash, but events before it do');
      if (event.position >= required)
        return broken(
          'missing-hash',
          options.requireHashes
            ? 'has no hash'
            : `has no hash, but every event from position ${required} on must have one (hashing began there: a hash was stripped, or how its metadata is read was altered)`,
        );
      unchained++;
      hash = linkHash(null, event.version, sha256(content)); // covered by the log chain only
    } else {
      hashedSeen = true;
      const previous = prev?.hash ?? null;
      hash = linkHash(previous, event.version, sha256(content));
      if (hash !== stored && linkHash2(previous, event.version, content) === stored) hash = stored;
      if (hash !== stored) return broken('hash', 'its content or its link to the previous event of the stream does not match its hash');
    }
    streams.set(event.streamId, { version: event.version, hash: stored });
    root = logLink(root, event.position, event.streamId, event.version, hash);
    events++;
    lastPosition = event.position;
    firstAfterCheckpoint ??= at;
  }
  return compareUpTo(options.to === undefined ? Number.POSITIVE_INFINITY : options.to + 1) ?? result();
}
