import { sha256 } from './chain';

/** Tag of the global log chain, part of every link. */
export const LOG_CHAIN_FORMAT = 'motcua-log/1';

/** The root of an empty log. */
export const EMPTY_LOG_ROOT = sha256(LOG_CHAIN_FORMAT);

/**
 * One link of the global log chain (chuỗi băm của sổ sự kiện): the root
 * after the event at `position` (stream, version and its event hash) is
 * added. Unlike the stream chain it covers positions, so reordering events of
 * different streams changes it. Nothing stores it: `verifyHistory`
 * recomputes it, and a signed checkpoint fixes its value at a position.
 *
 * @example
 * ```ts
 * const root = logLink(EMPTY_LOG_ROOT, 1, 'dossier-1', 1, 'ab…');
 * ```
 */
export function logLink(root: string, position: number, streamId: string, version: number, eventHash: string): string {
  return sha256(`${LOG_CHAIN_FORMAT}\n${root}\n${position}\n${JSON.stringify(streamId)}\n${version}\n${eventHash}`);
}
