/**
 * The cost of the access policy (a script, not a test): the full lifecycle of
 * `core.bench.ts` (12 commands, each by the role the default policy lets issue
 * it) through three engines — with `policy: 'none'`, a second one with it (the
 * control: how far two identical engines differ in this process) and one with
 * `DEFAULT_POLICY_2025` (what an engine enforces by default) — in rotating order; medians of commands per CPU
 * second of the process.
 *
 *   npx tsx --max-semi-space-size=64 packages/core/bench/policy.bench.ts
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { v7 as uuidv7 } from 'uuid';
import { type CommandInput, DEFAULT_POLICY_2025, type EngineOptions, InMemoryEventStore, createEngine, toVietnamInstant } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
const applicant = { name: 'Nguyễn Văn An', idNumber: '001090000001' };
const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
const specialist = { id: 'cv-1', role: 'specialist', unit: 'VPDKDD' };
const head = { id: 'tp-1', role: 'divisionHead', unit: 'VPDKDD' };
const partner = (code: string) => ({ id: `pt-${code}`, role: 'partner', unit: code });
const citizen = { id: applicant.idNumber, role: 'applicant' };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function lifecycle(dossierId: string, t0: number): CommandInput[] {
  let t = t0;
  const base = (actor: object) => ({ commandId: uuidv7(), dossierId, actor, at: toVietnamInstant((t += 3_600_000)) });
  return [
    { ...base(officer), type: 'ReceiveDossier', procedureCode: '1.003003', unit, applicant, channel: 'direct' },
    { ...base(officer), type: 'TransferDossier', mode: 'paper', to: { code: 'VPDKDD', name: 'VPĐKĐĐ' } },
    { ...base(head), type: 'AssignOfficer', officer: { id: 'cv-1' } },
    { ...base(specialist), type: 'StartInterAgency' },
    { ...base(specialist), type: 'CompleteLeg', legIndex: 0 },
    { ...base(partner('CCT')), type: 'CompleteLeg', legIndex: 1 },
    { ...base(partner('PTNMT')), type: 'CompleteLeg', legIndex: 2 },
    { ...base(specialist), type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 100000 }] },
    { ...base(citizen), type: 'RecordFeePayment', amountVnd: 100000, method: 'online' },
    { ...base(specialist), type: 'Resolve' },
    { ...base(officer), type: 'ReturnResult', method: 'counter' },
    { ...base(citizen), type: 'Rate', channel: 'online', ratings: [{ criterion: 'chung', level: 'hai-long' }] },
  ] as CommandInput[];
}

async function main() {
  const make = (policy: EngineOptions['policy']) => createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), policy });
  const engines = { none: make('none'), control: make('none'), policy: make(DEFAULT_POLICY_2025) };
  const names = ['none', 'control', 'policy'] as const;
  const dossiers = 2000;
  let k = 0;
  const round = async (engine: ReturnType<typeof make>) => {
    const batches = Array.from({ length: dossiers }, () => lifecycle(uuidv7(), Date.parse('2024-03-04T01:00:00Z') + k++ * 180_000));
    gc();
    const cpu0 = process.cpuUsage();
    let n = 0;
    for (const cmds of batches) for (const c of cmds) await engine.execute(c), n++;
    const cpu = process.cpuUsage(cpu0);
    return n / ((cpu.user + cpu.system) / 1e6);
  };
  for (let w = 0; w < 2; w++) for (const name of names) await round(engines[name]);
  const r = { none: [] as number[], control: [] as number[], policy: [] as number[] };
  for (let i = 0; i < 9; i++) {
    // Rotate which goes first, so drift on a shared machine hits all three.
    for (let j = 0; j < 3; j++) {
      const name = names[(i + j) % 3]!;
      r[name].push(await round(engines[name]));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[4]!;
  const [none, control, policy] = [median(r.none), median(r.control), median(r.policy)];
  const pct = (x: number) => `${(((x - none) / none) * 100).toFixed(1)} %`;
  console.log(
    `full lifecycle (${dossiers * 12} commands a round, 9 rotating rounds after 2 warm-ups), commands per CPU second: ` +
      `no policy ${fmt(none)}, no policy again (control) ${fmt(control)} (${pct(control)}), DEFAULT_POLICY_2025 ${fmt(policy)} (${pct(policy)})`,
  );
}

await main();
