/**
 * Cost of the tamper-evident history (issue #14 item 3), measured in one run:
 *  1. hashing per event (canonical JSON + two SHA-256) on the events of real
 *     dossier lifecycles, against the engine's cost per command on the same
 *     in-memory store (which hashes every append);
 *  2. `verifyHistory` throughput over the whole log (events/s).
 * Prints figures; asserts nothing.
 *
 *   npx tsx packages/core/bench/integrity.bench.ts
 */
import { v7 as uuidv7 } from 'uuid';
import { createEngine, InMemoryEventStore, toVietnamInstant, verifyHistory, type CommandInput, type NewEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { batchDigests, chainHashes } from '@motcua/core/store-kit';

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
const actor = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function lifecycle(dossierId: string, t0: number): CommandInput[] {
  let t = t0;
  const base = () => ({ commandId: uuidv7(), dossierId, actor, at: toVietnamInstant((t += 3_600_000)) });
  return [
    { ...base(), type: 'ReceiveDossier', procedureCode: '1.003003', unit, applicant: { name: 'Nguyễn Văn An', idNumber: '001090000001', phone: '0912000001' }, channel: 'direct' },
    { ...base(), type: 'TransferDossier', mode: 'paper' },
    { ...base(), type: 'AssignOfficer', officer: { id: 'cv-1' } },
    { ...base(), type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 100000 }] },
    { ...base(), type: 'RecordFeePayment', amountVnd: 100000, method: 'online' },
    { ...base(), type: 'Resolve' },
    { ...base(), type: 'ReturnResult', method: 'counter' },
    { ...base(), type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'chung', level: 'hai-long' }] },
  ] as CommandInput[];
}

const store = new InMemoryEventStore();
const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
const dossiers = 3000;
const t0 = Date.parse('2024-03-04T01:00:00Z');
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const commandRates: number[] = [];
const commandCpu: number[] = [];
/** CPU µs of this process since `from` (what the work costs, whatever else the machine runs). */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return d.user + d.system;
};
for (let round = 0; round < 5; round++) {
  const batches = Array.from({ length: dossiers }, (_, i) => lifecycle(uuidv7(), t0 + (round * dossiers + i) * 180_000));
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  for (const cmds of batches) for (const c of cmds) await engine.execute(c), n++;
  if (round >= 2) {
    commandRates.push((performance.now() - start) / n); // ms per command
    commandCpu.push(cpuSince(cpu0) / n); // CPU µs per command
  }
}
const events = store.allEvents();
const perCommandUs = median(commandRates) * 1000;

// 1. The hash chain's work per event, on these very events (as an append would do it, one stream at a time).
const asNew: { streamId: string; events: NewEvent[] }[] = events.map((e) => ({ streamId: e.streamId, events: [{ type: e.type, data: e.data, metadata: e.metadata } as NewEvent] }));
const hashRuns: number[] = [];
const hashCpuRuns: number[] = [];
for (let r = 0; r < 7; r++) {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let prev: string | null = null;
  for (const b of asNew) prev = chainHashes(batchDigests(b.streamId, b.events), 1, prev)[0]!;
  hashRuns.push(((performance.now() - start) * 1000) / asNew.length);
  hashCpuRuns.push(cpuSince(cpu0) / asNew.length);
}
const hashUs = median(hashRuns);
const hashCpu = median(hashCpuRuns);
const perCommandCpu = median(commandCpu);
const eventsPerCommand = events.length / (commandRates.length === 0 ? 1 : (5 * dossiers * 8) / 1) / 1;
console.log(
  `1. hash chain: ${hashUs.toFixed(2)} µs per event (median of 7 passes over ${fmt(events.length)} lifecycle events); ` +
    `a command costs ${perCommandUs.toFixed(1)} µs end to end on the in-memory store with hashing on (${fmt(1e6 / perCommandUs)} commands/s, ` +
    `${(events.length / (5 * dossiers * 8)).toFixed(2)} events per command) → hashing is ${((100 * hashUs * eventsPerCommand) / perCommandUs).toFixed(1)} % of it; ` +
    `in CPU time of the process: ${hashCpu.toFixed(2)} µs per event vs ${perCommandCpu.toFixed(1)} µs per command (${((100 * hashCpu * eventsPerCommand) / perCommandCpu).toFixed(1)} %)`,
);

// 2. Verification throughput.
const verifyRuns: number[] = [];
for (let r = 0; r < 3; r++) {
  const start = performance.now();
  const result = await verifyHistory(store);
  if (!result.ok) throw new Error(`bench log does not verify: ${result.message}`);
  verifyRuns.push(events.length / ((performance.now() - start) / 1000));
}
console.log(`2. verifyHistory: median ${fmt(median(verifyRuns))} events/s over ${fmt(events.length)} events (3 runs)`);
