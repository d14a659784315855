/**
 * The encoding side of a bulk import chunk, on the importing thread or
 * pipelined with the inserts on a worker thread (`import-worker.ts`): the
 * importer hands block k+1 over, then inserts block k, which the worker
 * encoded meanwhile. The importing thread writes each event's data as
 * canonical JSON itself (the stored text; it balances the two threads' work);
 * the metadata crosses as one JSON text per block (`JSON.stringify`: what the
 * canonical JSON covers survives it, property-tested in
 * `import-pipeline.test.ts`; the one difference is the key a top-level
 * `toJSON` of the metadata is called with — `'0'` there, `''` on one thread —
 * which only a `toJSON` that reads its key would notice). What comes back is
 * the compact metadata and the hashes. Waiting is synchronous
 * (`Atomics.wait` + `receiveMessageOnPort`): a chunk is one synchronous write
 * transaction. A worker that fails or stalls, a block JSON cannot write and a
 * dictionary id held by another text all fall back to this thread, from the
 * same inputs, so the rows are those the inline path writes.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { encodeMetadata, type MetadataDictionary } from './codec';
import { canonicalData, encodeImportEvent, encodeImportEventText, type EncodedEvent, type PreviousLink } from './import-encode';
import type { WorkerAnswer, WorkerBlock, WorkerHashes } from './import-worker';

export type { MetadataDictionary, PreviousLink } from './import-encode';

/**
 * Encodes the events of one import chunk in chunk order.
 *
 * @example
 * ```ts
 * declare const dictionary: MetadataDictionary;
 * const encoder = inlineEncoder();
 * encoder.begin(dictionary);
 * encoder.add(null, 1, '"s"', '"T"', {}, { eventId: 'a' }, 0); // event 0: first of its stream
 * encoder.add(0, 2, '"s"', '"T"', {}, { eventId: 'b' }, 1); // event 1: linked to event 0
 * encoder.submit();
 * const { data, meta, hash } = encoder.get(1);
 * encoder.end();
 * ```
 */
export interface ChunkEncoder {
  /** Start a chunk (events numbered from 0); `dictionary` is the chunk's dictionary on this thread. */
  begin(dictionary: MetadataDictionary): void;
  /** Queue the next event (`index`: in its stream item, for errors). Inline, a value JSON cannot write throws here. */
  add(previous: PreviousLink, version: number, streamJson: string, typeJson: string, data: unknown, metadata: Record<string, unknown>, index: number): void;
  /** Hand the queued events over. */
  submit(): void;
  /** Event `n` encoded (submitted before); waits for the worker; throws the error event `n` gave, if any. */
  get(n: number): EncodedEvent;
  /** End the chunk. */
  end(): void;
}

/**
 * Encodes on the calling thread as events are added.
 *
 * @example
 * ```ts
 * const encoder = inlineEncoder();
 * ```
 */
export function inlineEncoder(): ChunkEncoder {
  let hashes: string[] = [];
  let done: EncodedEvent[] = [];
  let dictionary: MetadataDictionary;
  return {
    begin(chunkDictionary) {
      hashes = [];
      done = [];
      dictionary = chunkDictionary;
    },
    add(previous, version, streamJson, typeJson, data, metadata, index) {
      const encoded = encodeImportEvent(typeof previous === 'number' ? hashes[previous]! : previous, version, streamJson, typeJson, data, metadata, index, dictionary);
      hashes.push(encoded.hash);
      done.push(encoded);
    },
    submit() {},
    get: (n) => taken(done, n),
    end() {
      hashes = [];
      done = [];
    },
  };
}

const TAKEN: EncodedEvent = { data: '', meta: '', hash: '', column: null };

/** Event `n` of `done`, its slot then emptied: each event is taken once, and a chunk's texts need not all live until its end. */
function taken(done: EncodedEvent[], n: number): EncodedEvent {
  const encoded = done[n]!;
  done[n] = TAKEN;
  return encoded;
}

/** A block queued or in flight: its inputs, kept until it is encoded (for the fallback). */
interface Block {
  previous: PreviousLink[];
  versions: number[];
  streams: string[];
  types: string[];
  /** The canonical JSON of each event's data (written here: the stored text). */
  datas: string[];
  metadatas: Record<string, unknown>[];
  indexes: number[];
}

const emptyBlock = (): Block => ({ previous: [], versions: [], streams: [], types: [], datas: [], metadatas: [], indexes: [] });

/** One import worker for the process, used by one chunk at a time (a chunk runs synchronously). */
interface ImportWorker {
  worker: Worker;
  /** Our end of the channel: blocks go out on it, answers come back on it. */
  port: MessagePort;
  done: Int32Array;
  idle?: NodeJS.Timeout;
}

let shared: ImportWorker | undefined;
let chunks = 0;

/**
 * Time the importing thread spent waiting for the worker, and blocks encoded
 * on each side, since the process started (for the benchmark: a thread that
 * waits little is the bottleneck; the worker then has room to spare).
 *
 * @example
 * ```ts
 * const { waitedMs, workerBlocks, localBlocks } = importPipelineStats;
 * ```
 */
export const importPipelineStats = { waitedMs: 0, workerBlocks: 0, localBlocks: 0 };

/** The worker's entry next to this module: built (`import-worker.js`) or from the sources (tsx). */
function workerEntry(): URL | undefined {
  const candidates = [new URL('./import-worker.js', import.meta.url), new URL('./import-worker-dev.mjs', import.meta.url)];
  return candidates.find((url) => existsSync(fileURLToPath(url)));
}

function importWorker(): ImportWorker | undefined {
  if (shared) {
    clearTimeout(shared.idle);
    return shared;
  }
  const entry = workerEntry();
  if (!entry) return undefined;
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(8); // [answers posted, loaded]
  const worker = new Worker(entry, { workerData: { port: port2, signal }, transferList: [port2] });
  worker.unref();
  port1.unref();
  const created: ImportWorker = { worker, port: port1, done: new Int32Array(signal) };
  const forget = (): void => {
    if (shared === created) shared = undefined;
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  shared = created;
  return created;
}

/**
 * Start the shared import worker now and resolve once it has loaded (an
 * import does not wait for it: blocks are encoded on the calling thread until
 * it is ready). For benchmarks and tests that want the worker from the first
 * block; false if no worker entry was found.
 *
 * @example
 * ```ts
 * await warmImportWorker();
 * ```
 */
export async function warmImportWorker(): Promise<boolean> {
  const w = importWorker();
  if (!w) return false;
  while (Atomics.load(w.done, 1) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  release(w);
  return true;
}

/** Keep the worker a moment for the next chunk, then end it (an idle thread and its heap are not kept for good). */
function release(kept: ImportWorker): void {
  clearTimeout(kept.idle);
  kept.idle = setTimeout(() => {
    if (shared === kept) shared = undefined;
    void kept.worker.terminate();
  }, KEEP_MS);
  kept.idle.unref();
}

/** How long the worker is kept after a chunk (ms), and how long a block may take before this thread encodes it itself. */
const KEEP_MS = 5_000;
const STALL_MS = 60_000;

/**
 * Encodes on a worker thread, one block behind the caller. `store` is the
 * chunk's dictionary on this thread's connection (texts the worker used are
 * stored through it; an id it does not confirm makes this thread encode the
 * block's metadata again).
 *
 * @example
 * ```ts
 * const encoder = workerEncoder();
 * ```
 */
export function workerEncoder(): ChunkEncoder {
  let done: EncodedEvent[] = [];
  let hashes: string[] = [];
  let pending: Block[] = [];
  let queued = emptyBlock();
  let worker: ImportWorker | undefined;
  let dictionary: MetadataDictionary;
  let chunk = 0;
  /** False once the worker failed for this chunk: the rest stays here. */
  let offloading = false;
  let failure: { at: number; error: unknown } | undefined;
  /** A dictionary id the worker used is held by another text: from then on this thread encodes the metadata of every block again. */
  let collided = false;

  /** Encode a block here, in order; the first event that fails stops the chunk there. */
  const local = (block: Block): void => {
    importPipelineStats.localBlocks++;
    for (let i = 0; i < block.datas.length && failure === undefined; i++) {
      const p = block.previous[i]!;
      try {
        const encoded = encodeImportEventText(
          typeof p === 'number' ? hashes[p]! : p,
          block.versions[i]!,
          block.streams[i]!,
          block.types[i]!,
          block.datas[i]!,
          block.metadatas[i]!,
          block.indexes[i]!,
          dictionary,
        );
        hashes.push(encoded.hash);
        done.push(encoded);
      } catch (error) {
        failure = { at: done.length, error };
      }
    }
  };
  const abandon = (): void => {
    if (worker) {
      if (shared === worker) shared = undefined;
      void worker.worker.terminate();
    }
    worker = undefined;
    const rest = pending;
    pending = [];
    for (const block of rest) local(block);
  };
  const accept = (block: Block, answer: Exclude<WorkerAnswer, [number, string]>): void => {
    const [, metas, hashes64, columns, added] = answer;
    const datas = block.datas;
    // The worker reports a text once per chunk: after an id it used is refused, its later blocks may use it again unreported.
    for (let i = 0; i < added.length; i += 2) if (dictionary.store(added[i + 1] as string) !== added[i]) collided = true;
    const confirmed = !collided;
    for (let i = 0; i < datas.length; i++) {
      const hash = hashes64.slice(i * 64, i * 64 + 64);
      hashes.push(hash);
      if (confirmed) done.push({ data: datas[i]!, meta: metas[i]!, hash, column: columns[i] === '' ? null : columns[i]! });
      else {
        // A dictionary id held by another text (a 48-bit collision) in this chunk: the metadata encoded again against the database.
        const metadata = block.metadatas[i]!;
        const { meta, hash: column } = encodeMetadata(metadata, metadata.eventId as string, dictionary, hash);
        done.push({ data: datas[i]!, meta, hash, column });
      }
    }
  };
  const receive = (): void => {
    const w = worker!;
    const block = pending[0]!;
    const deadline = Date.now() + STALL_MS;
    for (;;) {
      const seen = Atomics.load(w.done, 0);
      const message = receiveMessageOnPort(w.port);
      if (message !== undefined) {
        const answer = message.message as WorkerAnswer;
        if (answer[0] !== chunk) continue; // from an abandoned chunk
        if (answer.length !== 5 || answer[1].length !== block.datas.length) return abandon();
        pending.shift();
        importPipelineStats.workerBlocks++;
        return accept(block, answer);
      }
      if (Date.now() > deadline) return abandon();
      const t = performance.now();
      Atomics.wait(w.done, 0, seen, 100);
      importPipelineStats.waitedMs += performance.now() - t;
    }
  };

  return {
    begin(chunkDictionary) {
      done = [];
      hashes = [];
      pending = [];
      queued = emptyBlock();
      failure = undefined;
      collided = false;
      dictionary = chunkDictionary;
      try {
        worker = importWorker();
        chunk = ++chunks;
        worker?.port.postMessage(chunk);
      } catch {
        worker = undefined;
      }
      offloading = worker !== undefined;
    },
    add(previous, version, streamJson, typeJson, data, metadata, index) {
      // The data's canonical JSON is written here (a value JSON cannot write fails here, naming the event); the metadata's on the worker.
      const dataText = canonicalData(data, index);
      queued.previous.push(previous);
      queued.versions.push(version);
      queued.streams.push(streamJson);
      queued.types.push(typeJson);
      queued.datas.push(dataText);
      queued.metadatas.push(metadata);
      queued.indexes.push(index);
    },
    submit() {
      const block = queued;
      if (block.datas.length === 0) return;
      queued = emptyBlock();
      let json: string | undefined;
      if (worker && offloading && failure === undefined) {
        try {
          json = JSON.stringify(block.metadatas);
        } catch {
          json = undefined; // e.g. a BigInt: encoded here, where the error names the event
        }
      }
      if (json === undefined || !worker || (pending.length === 0 && Atomics.load(worker.done, 1) === 0)) {
        // Not handed over (the worker still loading and idle, or JSON cannot write it): encoded here, its hashes sent on.
        encodeHere(block);
        return;
      }
      pending.push(block);
      worker.port.postMessage([chunk, json, block.previous, block.versions, block.streams, block.types, block.datas] satisfies WorkerBlock);
    },
    get(n) {
      while (n >= done.length && failure === undefined && pending.length > 0) {
        if (worker) receive();
        else abandon();
      }
      if (failure !== undefined && n >= failure.at) throw failure.error;
      return taken(done, n);
    },
    end() {
      done = [];
      hashes = [];
      pending = [];
      if (worker) release(worker);
      worker = undefined;
    },
  };

  /** A block this thread encodes, after the blocks still with the worker (the chain's order); the worker then gets its hashes, which take the next numbers of its chain. */
  function encodeHere(block: Block): void {
    while (pending.length > 0 && worker) receive();
    if (pending.length > 0) abandon();
    const from = hashes.length;
    local(block);
    if (worker && offloading && failure === undefined) worker.port.postMessage([chunk, hashes.slice(from).join('')] satisfies WorkerHashes);
  }
}

/** Events per chunk from which the worker pays for its start and messages (and only with a spare core). */
export const WORKER_ENCODING_FROM = 8_192;

/**
 * The encoder for a chunk of `events` events: a worker when the chunk is big
 * and a core is to spare — more than one core, and a one-minute load average
 * below their number (on a machine whose cores are all busy the worker only
 * adds its messages: measured slower than one thread at load 13–18 on 2 cores).
 *
 * @example
 * ```ts
 * const encoder = chunkEncoder(50_000);
 * ```
 */
export function chunkEncoder(events: number): ChunkEncoder {
  const cores = availableParallelism();
  return events >= WORKER_ENCODING_FROM && cores > 1 && loadavg()[0]! < cores ? workerEncoder() : inlineEncoder();
}
