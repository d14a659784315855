/**
 * `@motcua/core/store-kit` — what every event-store adapter shares, tested
 * once in core (`packages/core/test/store-kit.test.ts`): expected-version
 * checks and clash reporting, batch dedupe and retry recognition, JSON
 * serialisation of a batch, row decoding into deeply frozen events, the
 * frozen JSON copy of what was written, log flattening and waiting for the
 * read horizon. Not part of the engine's API: for adapter authors.
 */
export { checkExpectedVersion, versionClash, assertDistinctIds, retryResult, uniqueViolation } from '../store/append-checks';
export type { SeenEvent } from '../store/append-checks';
export { serializeEvents, checkType, checkEventId, eventJson } from '../store/serialize';
export type { SerializedEvent } from '../store/serialize';
export { eventFromJsonRow } from '../store/rows';
export { freezeParsed, storedEvent } from '../store/frozen';
export { frozenJsonCopy } from '../store/json-copy';
export { flattenBatches, matchesFilter, pollUntilReadable } from '../store/read-helpers';
export { batchDigests, chainHashes, contentDigest, linkHash, metadataJsonWithHash, metadataWithoutHash, storedHash } from '../integrity/chain';
export { canonicalPart, contentText, linkHash2 } from '../integrity/chain-v2';
export { canonicalJson } from '../integrity/canonical';
export { keyFromRow, erasureFromRow } from '../privacy/key-row';
export type { KeyRow } from '../privacy/key-row';
