/**
 * A worker's snapshots written to a file (đổ ra đĩa) instead of sent to the
 * calling thread: one JSON line per piece (`chunks.ts`), tagged with the
 * projection's index. The workers spill at the end of their reads and end;
 * only then does the calling thread read the files back and merge — so the
 * merged snapshots never share memory with a worker's full heap (the end
 * phase stays under the read's peak). Snapshots are plain JSON by contract
 * (they are what `saveProjection` stores), so the round trip changes nothing.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { snapshotAssembler, snapshotPieces } from './chunks';

/**
 * Write the snapshots `take(0)`, `take(1)`, … (each taken only when the previous one is written) to `file`.
 * @example const fold = partitionFold([{ kind: 'tt01' }]); spillSnapshots('/tmp/part-0.jsonl', 1, (index) => fold.take(index));
 */
export function spillSnapshots(file: string, count: number, take: (index: number) => unknown): void {
  const fd = openSync(file, 'w');
  try {
    for (let index = 0; index < count; index++) for (const piece of snapshotPieces(take(index))) writeSync(fd, `${JSON.stringify({ i: index, p: piece })}\n`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Read back the snapshots of {@link spillSnapshots}, in index order; `strings` shares their entries' strings.
 * @example const [tt01Snapshot] = await readSpilled('/tmp/part-0.jsonl', 1);
 */
export async function readSpilled(file: string, count: number, strings?: { share(text: string): string }): Promise<unknown[]> {
  const assemblers = Array.from({ length: count }, () => snapshotAssembler(strings));
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const { i, p } = JSON.parse(line) as { i: number; p: never };
    const assembler = assemblers[i];
    if (assembler === undefined) throw new RangeError(`spilled snapshot ${i} of ${count} in ${file}`);
    assembler.add(p);
  }
  return assemblers.map((assembler) => assembler.result());
}
