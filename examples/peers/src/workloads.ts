/**
 * The workloads, the same code on both peers (a {@link Side}). Each returns
 * how many operations it did and how long it took; the log read also returns
 * what it found.
 */
import { randomUUID } from 'node:crypto';
import { peerEvent, type Side } from './sides';

/** One measured run of a workload. */
export interface Measured {
  ops: number;
  ms: number;
}

const time = async (ops: number, run: () => Promise<unknown>): Promise<Measured> => {
  const t0 = performance.now();
  await run();
  return { ops, ms: performance.now() - t0 };
};

/** `n` appends of one event, one after the other, each to a new stream. */
export const sequentialAppends = (side: Side, tag: string, n: number) =>
  time(n, async () => {
    for (let k = 0; k < n; k++) await side.append(`${tag}-seq-${k}`, [peerEvent(`${tag}-seq-${k}`, k)], 0);
  });

/** `n` appends of one event started at once, each to its own new stream. */
export const concurrentAppends = (side: Side, tag: string, n: number) =>
  time(n, () => Promise.all(Array.from({ length: n }, (_, k) => side.append(`${tag}-conc-${k}`, [peerEvent(`${tag}-conc-${k}`, k)], 0))));

/** `writers` concurrent loops of `each` appends, a writer cycling over 20 streams of its own (expected version checked). */
export const concurrentWriters = (side: Side, tag: string, writers: number, each: number) =>
  time(writers * each, () =>
    Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let k = 0; k < each; k++) await side.append(`${tag}-w${w}-${k % 20}`, [peerEvent(`${tag}-w${w}`, k)], Math.floor(k / 20));
      }),
    ),
  );

/** `n` commands (transfer a received dossier), one after the other, on dossiers received beforehand (untimed). */
export async function sequentialCommands(side: Side, n: number, offset: number): Promise<Measured> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await side.prepare(ids, offset);
  return time(n, async () => {
    for (const [k, id] of ids.entries()) await side.command(id, offset + k);
  });
}

/** `n` commands started at once on distinct dossiers received beforehand (untimed). */
export async function concurrentCommands(side: Side, n: number, offset: number): Promise<Measured> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await side.prepare(ids, offset);
  return time(n, () => Promise.all(ids.map((id, k) => side.command(id, offset + k))));
}

/** Load `events` events (streams of 100 in one append each, 8 appends at a time), untimed. */
export async function bulkLoad(side: Side, tag: string, events: number): Promise<void> {
  const streams = Math.ceil(events / 100);
  for (let s = 0; s < streams; s += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, streams - s) }, (_, i) =>
        side.append(
          `${tag}-bulk-${s + i}`,
          Array.from({ length: 100 }, (_, k) => peerEvent(`${tag}-bulk-${s + i}`, k)),
          0,
        ),
      ),
    );
  }
}

/** Read the whole global log; `expected` events were written: how many came back, duplicated, missing. */
export async function readGlobalLog(side: Side, expected: number): Promise<Measured & { returned: number; duplicates: number; missing: number }> {
  const t0 = performance.now();
  const ids = await side.readAll();
  const ms = performance.now() - t0;
  const unique = new Set(ids).size;
  return { ops: ids.length, ms, returned: ids.length, duplicates: ids.length - unique, missing: Math.max(0, expected - unique) };
}
