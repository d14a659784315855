import { v7 as uuidv7 } from 'uuid';
import { createEngine, foldDossier, InMemoryEventStore, toVietnamInstant, type CommandInput, type DossierEvent } from '@motcua/core';
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
    { ...base(), type: 'CompleteLeg', legIndex: 1 },
    { ...base(), type: 'CompleteLeg', legIndex: 2 },
    { ...base(), type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 100000 }] },
    { ...base(), type: 'RecordFeePayment', amountVnd: 100000, method: 'online' },
    { ...base(), type: 'Resolve' },
    { ...base(), type: 'ReturnResult', method: 'counter' },
    { ...base(), type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'chung', level: 'hai-long' }] },
] as CommandInput[];
for (const c of cmds) await engine.execute(c);
const events = (await store.readStream(`dossier-${id}`)).events as DossierEvent[];
const s = performance.now(); const N = 200000;
for (let i = 0; i < N; i++) foldDossier(id, events, engine.tableFor);
console.log('fold µs', ((performance.now() - s) * 1000 / N).toFixed(2));
