/**
 * The session-7 COPY row encoder of `importEvents`, kept verbatim as the oracle of `import-encode.test.ts` and the
 * baseline of `bench/import-encode.probe.ts`: template strings per row, `copyText`, the chunk as one string that the
 * driver converts to UTF-8 (`Buffer.from`) when it is written.
 */
import type { ExpectedVersion, NewEvent } from '@motcua/core';
import { canonicalJson, chainHashes, checkEventId, checkType, metadataJsonWithHash, metadataWithoutHash, uniqueViolation } from '@motcua/core/store-kit';
import * as crypto from 'node:crypto';
import type { EncodedStream, RowEncoder } from '../src/import-encode';
import { canonicalField } from '../src/import-json';

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256 = oneShot ? (text: string): string => oneShot('sha256', text, 'hex') : (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/** COPY text format: backslash, tab, newline and carriage return escaped. */
const SPECIAL = /[\\\t\n\r]/;
function copyText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** One stream's rows as the session-7 `copyImport` wrote them; returns the text and the stream's new last hash. */
export function stringRows(
  streamId: string,
  events: readonly NewEvent[],
  version: number,
  previous: string | null,
  seen: Set<string>,
  expected: ExpectedVersion,
): { text: string; hash: string } {
  const quotedStream = canonicalJson(streamId);
  const n = events.length;
  const types = new Array<string>(n);
  const datas = new Array<string>(n);
  const metas = new Array<string>(n);
  const digests = new Array<string>(n);
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const event = events[i]!;
    ids[i] = checkEventId(event, i);
    types[i] = checkType(event, i);
    datas[i] = canonicalField(event.data, i, 'data');
    metas[i] = canonicalField(metadataWithoutHash(event.metadata), i, 'metadata');
    digests[i] = sha256(`[${quotedStream},${canonicalJson(types[i])},${datas[i]},${metas[i]}]`);
  }
  const hashes = chainHashes(digests, version, previous);
  const stream = copyText(streamId);
  let piece = '';
  for (let i = 0; i < n; i++) {
    const eventId = ids[i]!;
    if (seen.has(eventId)) throw uniqueViolation('event_id', { streamId, expected, actual: version, eventId });
    seen.add(eventId);
    const metadata = metadataJsonWithHash(metas[i]!, hashes[i]!);
    piece += `${stream}\t${version + i + 1}\t${copyText(types[i]!)}\t${copyText(eventId)}\t${copyText(datas[i]!)}\t${copyText(metadata)}\n`;
  }
  return { text: piece, hash: hashes[n - 1]! };
}

/**
 * The session-7 encoder behind `importEvents`' row-encoder interface: rows appended to one string, converted to
 * UTF-8 when taken (the driver did that conversion when the string was written).
 */
export class StringRowEncoder implements RowEncoder {
  readonly format = 'text';
  private piece = '';
  finish(): void {}
  get length(): number {
    return this.piece.length;
  }
  encode(streamId: string, events: readonly NewEvent[], version: number, previous: string | null, seen: Set<string>, expected: ExpectedVersion): EncodedStream {
    const { text, hash } = stringRows(streamId, events, version, previous, seen, expected);
    this.piece += text;
    return { hash };
  }
  take(): Buffer {
    const bytes = Buffer.from(this.piece, 'utf8');
    this.piece = '';
    return bytes;
  }
}
