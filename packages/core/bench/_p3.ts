import { v7 as uuidv7 } from 'uuid';
import { produce, Immer } from 'immer';
import { createEngine, foldDossier, InMemoryEventStore, toVietnamInstant, applyEventData, commandSchema, type CommandInput, type DossierEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
const store = new InMemoryEventStore();
const engine = createEngine({ store, catalog: sampleCatalog() });
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
const id = uuidv7(); let t = Date.parse('2024-03-04T01:00:00Z');
const at = () => toVietnamInstant((t += 3_600_000));
const base = () => ({ commandId: uuidv7(), dossierId: id, actor: { id: 'a', role: 'o' }, at: at() });
const cmds = [
    { ...base(), type: 'ReceiveDossier', procedureCode: '1.003003', unit, applicant: { name: 'A' }, channel: 'direct' },
    { ...base(), type: 'TransferDossier', mode: 'paper' },
    { ...base(), type: 'AssignOfficer', officer: { id: 'cv-1' } },
    { ...base(), type: 'StartInterAgency' },
    { ...base(), type: 'CompleteLeg', legIndex: 0 },
] as CommandInput[];
for (const c of cmds) await engine.execute(c);
const events = (await store.readStream(`dossier-${id}`)).events as DossierEvent[];
const s4 = foldDossier(id, events.slice(0, 4), engine.tableFor);
const e5 = events[4]!;
const im = new Immer({ autoFreeze: false });
const bench = (name: string, f: () => unknown, n = 100000) => { for (let i = 0; i < 5000; i++) f(); const s = performance.now(); for (let i = 0; i < n; i++) f(); return ((performance.now() - s) * 1000) / n; };
for (let round = 0; round < 3; round++) {
  const a = bench('immer autofreeze', () => produce(s4, (d) => applyEventData(d as never, e5)));
  const b = bench('immer nofreeze', () => im.produce(s4, (d) => applyEventData(d as never, e5)));
  const c = bench('fold from', () => foldDossier(id, [e5], engine.tableFor, s4));
  const z = bench('zod', () => commandSchema.safeParse(cmds[1]));
  const u = bench('uuid', () => uuidv7());
  console.log(`autofreeze ${a.toFixed(2)} nofreeze ${b.toFixed(2)} foldFrom ${c.toFixed(2)} zod ${z.toFixed(2)} uuid ${u.toFixed(2)} µs`);
}
import { newEventId } from '../src/engine/ids';
console.log('pooled', bench('p', () => newEventId()).toFixed(2), 'uuid', bench('u', () => uuidv7()).toFixed(2));
const ids = Array.from({ length: 100000 }, () => newEventId());
console.log('sorted & unique:', ids.every((x, i) => i === 0 || ids[i - 1]! < x), new Set(ids).size === ids.length, ids[0]);
