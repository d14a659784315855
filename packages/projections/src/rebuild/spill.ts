/**
 * A worker's snapshots written to a file (đổ ra đĩa) instead of sent to the
 * calling thread: one JSON line per piece (`chunks.ts`), tagged with the
 * projection's index. The workers spill at the end of their reads and end;
 * only then does the calling thread read the files back and merge — so the
 * merged snapshots never share memory with a worker's full heap (the end
 * phase stays under the read's peak). Snapshots are plain JSON by contract
 * (they are what `saveProjection` stores), so the round trip changes nothing.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { CHUNK_ENTRIES, forEachSnapshotPiece, type SnapshotPiece, snapshotAssembler } from './chunks';

/**
 * Write the snapshots `take(0)`, `take(1)`, … (each taken only when the previous one is written) to `file`, in
 * pieces of at most `entries` array entries (default `CHUNK_ENTRIES`); a snapshot's streamed entries
 * (`StreamedEntries`, `chunks.ts`) are written as they come.
 * @example const fold = partitionFold([{ kind: 'tt01' }]); spillSnapshots('/tmp/part-0.jsonl', 1, (index) => fold.take(index));
 */
export function spillSnapshots(file: string, count: number, take: (index: number) => unknown, entries = CHUNK_ENTRIES): void {
  const fd = openSync(file, 'w');
  try {
    for (let index = 0; index < count; index++) forEachSnapshotPiece(take(index), entries, (piece) => writeSync(fd, `${JSON.stringify({ i: index, p: piece })}\n`));
  } finally {
    closeSync(fd);
  }
}

/** Bytes read from a spilled file at a time. */
const READ_BYTES = 4 << 20;

/**
 * Each non-empty line of `file`, in order: read in blocks of `blockBytes` and
 * cut at the newlines (session 8: `node:readline` over a stream cost ~0.6 s of
 * the end phase on the 5M-event file, its line splitting included).
 * @example for (const line of linesOf('/tmp/part-0.jsonl')) JSON.parse(line);
 */
export function* linesOf(file: string, blockBytes = READ_BYTES): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    let block = Buffer.allocUnsafe(Math.max(1, blockBytes));
    let kept = 0; // bytes of an unfinished line at the start of `block`
    for (;;) {
      if (kept === block.length) {
        // A line longer than the block: grow it.
        const larger = Buffer.allocUnsafe(block.length * 2);
        block.copy(larger, 0, 0, kept);
        block = larger;
      }
      const read = readSync(fd, block, kept, block.length - kept, null);
      const end = kept + read;
      let start = 0;
      for (let newline = block.indexOf(10, kept); newline !== -1 && newline < end; newline = block.indexOf(10, start)) {
        if (newline > start) yield block.toString('utf8', start, newline);
        start = newline + 1;
      }
      if (read === 0) {
        if (end > start) yield block.toString('utf8', start, end);
        return;
      }
      block.copy(block, 0, start, end);
      kept = end - start;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Read back the snapshots of {@link spillSnapshots}, in index order; `strings` shares their entries' strings.
 * @example const [tt01Snapshot] = await readSpilled('/tmp/part-0.jsonl', 1);
 */
export async function readSpilled(file: string, count: number, strings?: { share(text: string): string }): Promise<unknown[]> {
  const reader = spilledReader(file, count, strings);
  try {
    return Array.from({ length: count }, (_, index) => reader.take(index));
  } finally {
    reader.close();
  }
}

/**
 * Read the snapshots of {@link spillSnapshots} one at a time, in index order
 * (`take(0)`, then `take(1)`, …): only the pieces of the snapshot asked for are
 * parsed, so a caller merging the files of several workers one projection at a
 * time holds one projection's parts, not every projection's (session 8: a
 * province's history did not fit otherwise). `close()` releases the file early.
 * @example
 * ```ts
 * const reader = spilledReader('/tmp/part-0.jsonl', 2);
 * const first = reader.take(0);
 * const second = reader.take(1);
 * reader.close();
 * ```
 */
export function spilledReader(file: string, count: number, strings?: { share(text: string): string }): { take(index: number): unknown; close(): void } {
  const lines = linesOf(file);
  let pending: { i: number; p: never } | undefined;
  let next = 0;
  return {
    take(index) {
      if (index !== next || index >= count)
        throw new RangeError(`spilled snapshot ${index} asked for, ${next < count ? `${next} expected next` : 'all were read'} (${count} in ${file})`);
      next++;
      const assembler = snapshotAssembler(strings);
      for (;;) {
        let piece = pending;
        pending = undefined;
        if (piece === undefined) {
          const line = lines.next();
          if (line.done) break;
          piece = JSON.parse(line.value) as { i: number; p: never };
        }
        if (!(piece.i >= index && piece.i < count)) throw new RangeError(`spilled snapshot ${piece.i} of ${count} out of order in ${file}`);
        if (piece.i > index) {
          pending = piece;
          break;
        }
        assembler.add(piece.p);
      }
      return assembler.result();
    },
    close() {
      lines.return(undefined);
    },
  };
}

/**
 * Each piece of the one snapshot in `file` (`spillSnapshots(file, 1, …)`), in order, parsed one at a time: a caller
 * that can use a piece at once never holds the whole snapshot.
 * @example spillPieces('/tmp/part-0-1.jsonl', (piece) => console.log('skeleton' in piece ? 'skeleton' : piece.path.join('.')));
 */
export function spillPieces(file: string, fn: (piece: SnapshotPiece) => void): void {
  for (const line of linesOf(file)) {
    const piece = JSON.parse(line) as { i: number; p: SnapshotPiece };
    if (piece.i !== 0) throw new RangeError(`spilled snapshot ${piece.i} in ${file}, a file of one snapshot expected`);
    fn(piece.p);
  }
}
