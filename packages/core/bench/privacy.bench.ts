/**
 * Cost of crypto-shredding (issue #14 item 4), measured in one run, paired
 * rounds alternating the two stores:
 *  1. full-lifecycle commands through the engine on the in-memory store, with
 *     personal data protected (`protectPersonalData` + `InMemoryKeyStore`) and
 *     without — CPU µs per command and commands per CPU second;
 *  2. reading the whole log back (`readAll`), µs per event, both ways;
 *  3. the same two on a SQLite file (`createSqliteKeyStore`, in the same file),
 *     commands in group commits of one dossier.
 * Both stores hash every event (the hash chain is always on), so the
 * difference is the encryption. Prints figures; asserts nothing.
 *
 *   npx tsx packages/core/bench/privacy.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { type CommandInput, DEFAULT_POLICY_2025, type EventStore, InMemoryEventStore, InMemoryKeyStore, createEngine, protectPersonalData, toVietnamInstant } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createSqliteEventStore, createSqliteKeyStore } from '@motcua/store-sqlite';

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return d.user + d.system;
};

/** A lifecycle whose intake carries a full applicant (five personal fields) and whose return names a receiver: 8 commands, 2 of them with personal data, each by a role the default policy allows. */
function lifecycle(dossierId: string, t0: number, i: number): CommandInput[] {
  let t = t0;
  const applicant = {
    name: `Nguyễn Văn An ${i}`,
    idNumber: `0010900${String(i).padStart(5, '0')}`,
    phone: '0912000001',
    email: `an${i}@example.vn`,
    address: 'Số 1 Tràng Tiền, Hoàn Kiếm',
  };
  const by = (role: string, u?: string) => ({
    commandId: uuidv7(),
    dossierId,
    actor: { id: `${role}-1`, role, ...(u ? { unit: u } : {}) },
    at: toVietnamInstant((t += 3_600_000)),
  });
  const desk = () => by('receivingOfficer', unit.code);
  return [
    { ...desk(), type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct' },
    { ...desk(), type: 'TransferDossier', mode: 'paper' },
    { ...by('divisionHead', 'SKHDT'), type: 'AssignOfficer', officer: { id: 'cv-1' } },
    { ...by('specialist', 'SKHDT'), type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 100000 }] },
    { ...desk(), type: 'RecordFeePayment', amountVnd: 100000, method: 'online' },
    { ...by('leader', 'SKHDT'), type: 'Resolve' },
    { ...desk(), type: 'ReturnResult', method: 'counter', receiver: `Nguyễn Thị Bình ${i}` },
    { ...by('applicant'), actor: { id: applicant.idNumber, role: 'applicant' }, type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'chung', level: 'hai-long' }] },
  ] as CommandInput[];
}

interface Side {
  name: string;
  store: EventStore;
  cmdCpu: number[];
  readCpu: number[];
  t0: number;
}

async function round(s: Side, dossiers: number, grouped: boolean, measure: boolean) {
  const engine = createEngine({ store: s.store, catalog: sampleCatalog(), policy: DEFAULT_POLICY_2025 });
  const batches = Array.from({ length: dossiers }, (_, i) => lifecycle(uuidv7(), (s.t0 += 180_000), i));
  const cpu0 = process.cpuUsage();
  let n = 0;
  for (const cmds of batches) {
    if (grouped)
      await engine.batch(async () => {
        for (const c of cmds) await engine.execute(c), n++;
      });
    else for (const c of cmds) await engine.execute(c), n++;
  }
  const cmdUs = cpuSince(cpu0) / n;
  const r0 = process.cpuUsage();
  let events = 0;
  for await (const _ of s.store.readAll()) events++;
  if (measure) {
    s.cmdCpu.push(cmdUs);
    s.readCpu.push(cpuSince(r0) / events);
  }
  return events;
}

async function compare(label: string, plain: EventStore, protectedStore: EventStore, dossiers: number, rounds: number, grouped: boolean) {
  const sides: Side[] = [
    { name: 'plain', store: plain, cmdCpu: [], readCpu: [], t0: Date.parse('2024-03-04T01:00:00Z') },
    { name: 'protected', store: protectedStore, cmdCpu: [], readCpu: [], t0: Date.parse('2024-03-04T01:00:00Z') },
  ];
  let events = 0;
  for (let r = 0; r < rounds; r++) for (const s of r % 2 ? [...sides].reverse() : sides) events = await round(s, dossiers, grouped, r >= 1);
  const [p, q] = sides.map((s) => ({ cmd: median(s.cmdCpu), read: median(s.readCpu) })) as [{ cmd: number; read: number }, { cmd: number; read: number }];
  console.log(
    `${label}: per command ${p.cmd.toFixed(1)} µs plain vs ${q.cmd.toFixed(1)} µs protected (+${(q.cmd - p.cmd).toFixed(1)} µs, ×${(q.cmd / p.cmd).toFixed(2)}; ` +
      `${fmt(1e6 / p.cmd)} vs ${fmt(1e6 / q.cmd)} commands per CPU second); readAll per event ${p.read.toFixed(2)} vs ${q.read.toFixed(2)} µs ` +
      `(×${(q.read / p.read).toFixed(2)}); median of ${rounds - 1} rounds of ${fmt(dossiers * 8)} commands, log of ${fmt(events)} events at the end`,
  );
}

await compare('1–2. in memory', new InMemoryEventStore(), protectPersonalData(new InMemoryEventStore(), { keys: new InMemoryKeyStore() }), 2000, 6, false);

const dir = mkdtempSync(join(tmpdir(), 'motcua-privacy-bench-'));
try {
  const plain = await createSqliteEventStore({ filename: join(dir, 'plain.db') });
  const inner = await createSqliteEventStore({ filename: join(dir, 'protected.db') });
  const prot = protectPersonalData(inner, { keys: createSqliteKeyStore(inner.db) });
  await compare('3. SQLite file (a group commit per dossier)', plain, prot, 500, 6, true);
  await plain.close();
  await inner.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
