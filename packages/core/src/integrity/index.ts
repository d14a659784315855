/** Tamper-evident history: the per-stream hash chain, the log chain, verification and signed checkpoints. */
export { canonicalJson } from './canonical';
export { EVENT_HASH_FORMAT, contentDigest, linkHash } from './chain';
export { EVENT_HASH_FORMAT_2, linkHash2 } from './chain-v2';
export { EMPTY_LOG_ROOT, LOG_CHAIN_FORMAT, logLink } from './log-chain';
export { verifyHistory } from './verify';
export type { BrokenEvent, BrokenReason, VerifiableStore, VerifyOptions, VerifyResult } from './verify';
export { CHECKPOINT_FORMAT, createCheckpoint, generateCheckpointKeys, keyIdOf, signCheckpoint, verifyCheckpoint } from './checkpoint';
export type { LogCheckpoint, SignedCheckpoint } from './checkpoint';
