/**
 * The import worker (luồng phụ của nhập hàng loạt): receives blocks of an
 * import chunk as JSON text and hands back each event's stored data text,
 * compact metadata and link hash (`import-encode.ts`, the same code the
 * importing thread runs), plus the dictionary texts the block used first.
 * It keeps the chunk's hashes, so an event's link may name any earlier event
 * of the chunk. Protocol: `import-pipeline.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { encodeImportEventText, offlineDictionary, type PreviousLink } from './import-encode';
import type { MetadataDictionary } from './codec';

/** A block: chunk number, `JSON.stringify(metadatas)`, and per event its link, version, stream and type JSON and its data's canonical JSON. */
export type WorkerBlock = [chunk: number, json: string, previous: PreviousLink[], versions: number[], streams: string[], types: string[], datas: string[]];
/** The hashes (64 hex digits each, concatenated) of a block the importing thread encoded itself: they take the next numbers. */
export type WorkerHashes = [chunk: number, hashes: string];
/** The answer: chunk number, compact metadata texts, hashes (64 hex digits each, concatenated), hash columns ('' for null), dictionary entries added `[id, text, …]`, or an error text. */
export type WorkerAnswer = [chunk: number, metas: string[], hashes: string, columns: string[], added: (number | string)[]] | [chunk: number, error: string];

const { port, signal } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
/** [answers posted, loaded (1)]. */
const done = new Int32Array(signal);
let chunk = 0;
let hashes: string[] = [];
let added: (number | string)[] = [];
let dictionary: MetadataDictionary = offlineDictionary(added);

port.on('message', (message: number | WorkerBlock | WorkerHashes) => {
  if (typeof message === 'number') {
    // A new chunk: its own hashes and dictionary memo.
    chunk = message;
    hashes = [];
    added = [];
    dictionary = offlineDictionary(added);
    return;
  }
  if (message.length === 2) {
    if (message[0] === chunk) for (let i = 0; i < message[1].length; i += 64) hashes.push(message[1].slice(i, i + 64));
    return;
  }
  try {
    const [from, json, previous, versions, streams, types, datas] = message;
    if (from !== chunk) return;
    const metadatas = JSON.parse(json) as Record<string, unknown>[];
    const outMetas: string[] = new Array(datas.length);
    const columns: string[] = new Array(datas.length);
    let out = '';
    for (let i = 0; i < datas.length; i++) {
      const p = previous[i]!;
      const e = encodeImportEventText(typeof p === 'number' ? hashes[p]! : p, versions[i]!, streams[i]!, types[i]!, datas[i]!, metadatas[i]!, i, dictionary);
      hashes.push(e.hash);
      out += e.hash;
      outMetas[i] = e.meta;
      columns[i] = e.column ?? '';
    }
    port.postMessage([chunk, outMetas, out, columns, added.splice(0)] satisfies WorkerAnswer);
  } catch (error) {
    port.postMessage([chunk, String((error as Error)?.stack ?? error)] satisfies WorkerAnswer);
  }
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
// Loaded: the importing thread stops encoding blocks itself and hands them over (see `import-pipeline.ts`).
Atomics.store(done, 1, 1);
parentPort?.postMessage('ready');
