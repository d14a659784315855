/**
 * The COPY row encoders of `importEvents` alone (no server, no driver), alternated in one process: the session-7
 * string encoder (`test/import-string-encoder.ts`; its 1 Mi-character chunks converted with `Buffer.from`, as the
 * driver does when they are written) against the byte encoder (`src/import-encode.ts`). CPU time per event
 * (`process.cpuUsage`) of each round, then the medians and their ratio.
 *
 *   npx tsx --max-semi-space-size=64 packages/store-postgres/bench/import-encode.probe.ts [events=200000] [rounds=5]
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { NewEvent } from '@motcua/core';
import { CopyRowEncoder } from '../src/import-encode';
import { stringRows } from '../test/import-string-encoder';

const N = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const TYPES = [
  'DossierSubmitted',
  'DossierAccepted',
  'DossierTransferred',
  'OfficerAssigned',
  'FeeRequested',
  'FeePaid',
  'DossierResolved',
  'ResultReturned',
  'DossierRated',
  'PortalSynced',
];
// The events of import.bench.ts.
const streams = Array.from({ length: N / 10 }, (_, stream) => {
  const start = Date.UTC(2024, 0, 2) + stream * 60_000;
  const events: NewEvent[] = TYPES.map((type, k) => {
    const at = new Date(start + k * 3_600_000).toISOString();
    return {
      type,
      data: { step: k, unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' }, procedure: { code: '1.001193', version: '1' }, note: 'Hồ sơ đã được tiếp nhận' },
      metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: at, recordedAt: at, actor: { id: 'cb-01', role: 'receivingOfficer' }, commandId: randomUUID() },
    };
  });
  return { streamId: `dossier-000.00.06.H56-240102-${String(stream).padStart(7, '0')}`, events };
});

let sink = 0;
const runs = {
  string: () => {
    const seen = new Set<string>();
    let piece = '';
    for (const s of streams) {
      piece += stringRows(s.streamId, s.events, 0, null, seen, 'any').text;
      if (piece.length >= 1 << 20) {
        sink += Buffer.from(piece, 'utf8').length;
        piece = '';
      }
    }
    if (piece) sink += Buffer.from(piece, 'utf8').length;
  },
  bytes: () => {
    const seen = new Set<string>();
    const encoder = new CopyRowEncoder();
    for (const s of streams) {
      encoder.encode(s.streamId, s.events, 0, null, seen, 'any');
      if (encoder.length >= 1 << 20) sink += encoder.take().length;
    }
    sink += encoder.take().length;
  },
};
const cpu: Record<keyof typeof runs, number[]> = { string: [], bytes: [] };
const order = (process.env.PROBE_ONLY ? [process.env.PROBE_ONLY] : ['string', 'bytes']) as Array<keyof typeof runs>;
console.log(
  `encoder probe: ${N.toLocaleString('en-US')} events, ${ROUNDS} alternated rounds; load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 === 0 ? order : [...order].reverse()) {
    const t = process.cpuUsage();
    runs[name]();
    const d = process.cpuUsage(t);
    cpu[name].push((d.user + d.system) / N);
  }
  console.log(`  round ${round + 1}: string ${cpu.string[round]?.toFixed(2)} µs/event, bytes ${cpu.bytes[round]?.toFixed(2)} µs/event; load ${loadavg()[0]!.toFixed(2)}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `medians: string ${median(cpu.string).toFixed(2)}, bytes ${median(cpu.bytes).toFixed(2)} µs of CPU per event → bytes/string ${(median(cpu.bytes) / median(cpu.string)).toFixed(2)} (${sink} bytes); load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
