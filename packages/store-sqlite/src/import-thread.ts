/**
 * Two-thread bulk import (nhập dữ liệu hàng loạt hai luồng): this thread
 * serialises (`import-blocks.ts`) while a worker thread with its own
 * connection to the same file does the database work (`import-writer.mjs`):
 * stream versions, chain links, inserts, one transaction per chunk — the
 * same rows, in the same order, as the one-thread `importChunk`.
 *
 * Blocks are posted without waiting, so this thread never waits on the
 * writer inside a chunk: nothing it runs between chunks (an append on the
 * same store waiting for the write lock) can hold the writer up.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MotcuaError, StoreError } from '@motcua/core';
import { versionClash } from '@motcua/core/store-kit';
import { insertError, wrapDriverError } from './errors';
import type { ImportStream } from './import';
import { blockEncoder } from './import-blocks';

/** Events per block posted to the writer. */
const BLOCK_EVENTS = 1024;

/** Where the writer runs: its file and connection settings. */
export interface ImportWriterOptions {
  filename: string;
  synchronous: 'FULL' | 'NORMAL';
  cacheSizeKiB: number;
  /** How long the writer waits for the write lock (the store's `lockTimeoutMs`). */
  lockTimeoutMs: number;
}

type Failure =
  | { kind: 'clash'; ordinal: number; actual: number }
  | { kind: 'insert'; ordinal: number; event: number; code?: string; message: string; actual: number }
  | { kind: 'collision' }
  | { kind: 'busy' | 'driver'; code?: string; message: string };
type Answer = ['ready'] | ['done', number, number[]] | ['failed', number, Failure] | ['rolledBack', number];

/**
 * What a chunk written by the writer gives: the notices of `importChunk`, or the reason to run the chunk on
 * the one-thread path instead (nothing of it was written) — `'collision'` (a dictionary id held by another
 * text: that path writes the value inline), `'unavailable'` (the thread could not start).
 */
export type ChunkOutcome = [string, number, number][] | 'collision' | 'unavailable';

/** The writer's entry: `import-writer.js` next to the bundle in the built package, the `.mjs` source otherwise. */
function writerEntry(): URL | undefined {
  const candidates = [new URL('./import-writer.js', import.meta.url), new URL('./import-writer.mjs', import.meta.url)];
  return candidates.find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
}

/**
 * The writing thread of one import.
 *
 * @example
 * ```ts
 * declare const items: ImportStream[];
 * const writer = ImportWriter.start({ filename: 'motcua.db', synchronous: 'FULL', cacheSizeKiB: 32_768, lockTimeoutMs: 30_000 });
 * try {
 *   const outcome = await writer?.chunk(items);
 * } finally {
 *   await writer?.close();
 * }
 * ```
 */
export class ImportWriter {
  private readonly encoder = blockEncoder();
  private readonly waiting: ((answer: Answer) => void)[] = [];
  private broken: Error | undefined;
  /** The thread answered that it opened the file (before that, a failure means it never started). */
  private ready = false;
  private chunks = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly options: ImportWriterOptions,
  ) {
    this.waiting.push((answer) => {
      this.ready = answer[0] === 'ready';
    });
    worker.on('message', (answer: Answer) => this.waiting.shift()?.(answer));
    const fail = (error: Error) => {
      this.broken ??= error;
      for (const resolve of this.waiting.splice(0)) resolve(['failed', -1, { kind: 'driver', message: error.message }]);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the import writer thread exited (code ${code})`)));
  }

  /** Start a writer on `options.filename`, or undefined if its entry file is not there (then import on one thread). */
  static start(options: ImportWriterOptions): ImportWriter | undefined {
    const entry = writerEntry();
    if (!entry) return undefined;
    // Plain JavaScript: no loader of the calling process (a TypeScript one costs ~100 ms of start here).
    const worker = new Worker(entry, {
      execArgv: [],
      workerData: { filename: options.filename, synchronous: options.synchronous, busyTimeoutMs: options.lockTimeoutMs, cacheSizeKiB: options.cacheSizeKiB },
    });
    // Not waited for: the first chunk is serialised while the thread starts (its messages wait in its port).
    return new ImportWriter(worker, options);
  }

  private answer(): Promise<Answer> {
    if (this.broken) return Promise.resolve(['failed', -1, { kind: 'driver', message: this.broken.message }]);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * Write one chunk in one transaction. Validation errors are thrown from
   * this thread before the chunk commits (nothing of it is written); the
   * writer's errors are thrown as the one-thread path throws them.
   */
  async chunk(items: readonly ImportStream[]): Promise<ChunkOutcome> {
    const chunk = ++this.chunks;
    const answered = this.answer();
    this.worker.postMessage(['begin', chunk]);
    const written: string[] = [];
    try {
      let from = 0;
      while (from < items.length) {
        let to = from;
        let events = 0;
        while (to < items.length && events < BLOCK_EVENTS) events += items[to++]!.events.length;
        const block = this.encoder.encode(items.slice(from, to));
        for (const name of block.written) written.push(name);
        this.worker.postMessage(['block', chunk, block.numbers, block.strings, block.types, block.entries]);
        from = to;
      }
    } catch (error) {
      // Nothing of this chunk is committed: the writer rolls it back before the next one.
      this.worker.postMessage(['rollback', chunk]);
      await answered;
      throw error;
    }
    this.worker.postMessage(['commit', chunk]);
    // The 'begin' answer is the outcome of the whole chunk (the writer answers once per chunk).
    const answer = await answered;
    if (answer[0] === 'done') {
      const positions = answer[2];
      return written.map((name, k) => [name, positions[2 * k]!, positions[2 * k + 1]!]);
    }
    if (answer[0] !== 'failed') throw new StoreError('STORE_CONNECTION', `The import writer answered ${answer[0]} to a commit`);
    if (!this.ready) return 'unavailable'; // it never opened the file: nothing of the chunk was written
    return this.failure(answer[2], items);
  }

  private failure(failure: Failure, items: readonly ImportStream[]): ChunkOutcome {
    switch (failure.kind) {
      case 'collision':
        return failure.kind;
      case 'clash': {
        const item = items[failure.ordinal]!;
        throw versionClash(item.streamId, item.expectedVersion ?? 'any', failure.actual);
      }
      case 'insert': {
        const item = items[failure.ordinal]!;
        const eventId = (item.events[failure.event]?.metadata as { eventId?: string } | undefined)?.eventId ?? '';
        throw insertError(driverError(failure), item.streamId, item.expectedVersion ?? 'any', () => failure.actual, eventId);
      }
      case 'busy':
        throw new StoreError('STORE_CONNECTION', `The SQLite file stayed locked by another connection for more than ${this.options.lockTimeoutMs} ms`, {
          cause: driverError(failure),
        });
      default: {
        const error = driverError(failure);
        const wrapped = wrapDriverError(error, 'Importing events');
        throw wrapped instanceof MotcuaError ? wrapped : new StoreError('STORE_CONNECTION', `Importing events: ${failure.message}`, { cause: error });
      }
    }
  }

  /** Stop the writer (rolling back a chunk it may still hold). */
  async close(): Promise<void> {
    this.worker.postMessage(['close']);
    await new Promise<void>((resolve) => {
      if (this.broken) resolve();
      else this.worker.once('exit', () => resolve());
    });
  }
}

function driverError(failure: { code?: string; message: string }): Error {
  return Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {});
}
