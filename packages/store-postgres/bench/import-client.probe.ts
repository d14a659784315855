/**
 * The client side of `importEvents` alone (checks, JSON, SHA-256 digests and chain links, COPY text), without a
 * server: its CPU time per event bounds the import's rate on a machine whose other core runs the server.
 * Session 6–7 pieces (string JSON, string hashes); the session-8 byte encoder against the session-7 one:
 * `import-encode.probe.ts`.
 *
 *   npx tsx --max-semi-space-size=64 packages/store-postgres/bench/import-client.probe.ts [events=200000]
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { NewEvent } from '@motcua/core';
import { batchDigests, canonicalJson, chainHashes, checkEventId, checkType, eventJson, metadataJsonWithHash, metadataWithoutHash } from '@motcua/core/store-kit';
import { createHash } from 'node:crypto';

const N = Number(process.argv[2] ?? 200_000);
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
const part = { digests: 0, chain: 0, json: 0, once: 0 };
const cpu = (f: () => void, key: keyof typeof part) => {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  part[key] += (d.user + d.system) / 1000;
};
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
for (let round = 0; round < 3; round++) {
  part.digests = part.chain = part.json = part.once = 0;
  let bytes = 0;
  for (const s of streams) {
    let digests: string[] = [];
    let hashes: string[] = [];
    cpu(() => (digests = batchDigests(s.streamId, s.events)), 'digests');
    cpu(() => (hashes = chainHashes(digests, 0, null)), 'chain');
    cpu(() => {
      for (let i = 0; i < s.events.length; i++) {
        const e = s.events[i]!;
        const row = `${s.streamId}\t${i + 1}\t${checkType(e, i)}\t${checkEventId(e, i)}\t${eventJson(e.data, i, 'data')}\t${metadataJsonWithHash(eventJson(e.metadata, i, 'metadata'), hashes[i]!)}\n`;
        bytes += row.length;
      }
    }, 'json');
  }
  cpu(() => {
    for (const s of streams) {
      const q = canonicalJson(s.streamId);
      const digests: string[] = [];
      const texts: string[] = [];
      for (let i = 0; i < s.events.length; i++) {
        const e = s.events[i]!;
        const d = canonicalJson(e.data);
        const m = canonicalJson(metadataWithoutHash(e.metadata));
        texts.push(d, m);
        digests.push(sha(`[${q},${canonicalJson(checkType(e, i))},${d},${m}]`));
      }
      const hashes = chainHashes(digests, 0, null);
      for (let i = 0; i < s.events.length; i++)
        bytes += `${s.streamId}\t${i + 1}\t${s.events[i]!.type}\t${checkEventId(s.events[i]!, i)}\t${texts[2 * i]}\t${metadataJsonWithHash(texts[2 * i + 1]!, hashes[i]!)}\n`
          .length;
    }
  }, 'once');
  console.log(
    `  one canonical serialisation per field (import.ts since session 6): ${part.once.toFixed(0)} ms = ${Math.round(N / (part.once / 1000)).toLocaleString('en-US')} events/s per core`,
  );
  const total = part.digests + part.chain + part.json;
  console.log(
    `round ${round + 1}: ${N} events, client CPU ${total.toFixed(0)} ms = ${Math.round(N / (total / 1000)).toLocaleString('en-US')} events/s per core (content digests ${part.digests.toFixed(0)} ms, chain links ${part.chain.toFixed(0)} ms, checks + JSON + row text ${part.json.toFixed(0)} ms), ${Math.round(bytes / N)} bytes/row; load ${loadavg()[0]!.toFixed(2)}`,
  );
}
