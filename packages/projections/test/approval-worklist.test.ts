/**
 * The dossier list knows the internal steps (issue #15 items 1–2): "waits for
 * my signature" is the leader's worklist of dossiers at the route's last step
 * assigned to him; "mine" follows the step's assignee. On SQLite and
 * PostgreSQL, rows equal `dossierListRow` of each dossier's fold. A table made
 * before the steps gets the columns and is rebuilt from the log.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CommandBody, type CommandInput, createEngine, dossierListRow, followDossierList, toVietnamInstant } from '@motcua/core';
import { approvalSampleCatalog, approvalSampleProcedures } from '@motcua/core/samples';
import { createSqliteDossierList, createSqliteEventStore } from '@motcua/store-sqlite';
import { createPostgresDossierList, createPostgresEventStore } from '@motcua/store-postgres';
import { dossierListBackends } from './support/dossier-list-backends';

const backends = dossierListBackends();
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const applicant = { name: 'Nguyễn Văn An', idNumber: '001090000001' };
const officer = { id: 'cb-01', role: 'officer', unit: unit.code };
const HOUSEHOLD = approvalSampleProcedures.householdBusiness.code;
const vn = (local: string) => `${local}:00.000+07:00`;

describe.each(backends)('dossier list with internal steps on $name', (backend) => {
  it('rows carry step, assignee and holder; the leader sees only what waits for his signature', async () => {
    const { store, table, close } = await backend.open();
    try {
      const engine = createEngine({ store, catalog: approvalSampleCatalog(), policy: 'none', clock: () => new Date('2030-01-01T00:00:00Z') });
      const ids: string[] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const run = (id: string, body: CommandBody) => engine.execute({ ...body, actor: officer, commandId: randomUUID(), dossierId: id } as CommandInput);
      for (const [i, id] of ids.entries()) {
        await run(id, { type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct', at: vn(`2025-10-06T08:0${i}`) });
        await run(id, { type: 'TransferDossier', at: vn(`2025-10-06T09:0${i}`) });
        await run(id, { type: 'AssignOfficer', officer: { id: 'cv-01' }, at: vn(`2025-10-06T09:1${i}`) });
      }
      // ids[0] stays at the draft; ids[1] at the review (lp-01); ids[2] waits for ld-01's signature; ids[3] signed.
      for (const id of ids.slice(1)) await run(id, { type: 'ForwardStep', assignee: { id: 'lp-01' }, at: vn('2025-10-06T10:00') });
      for (const id of ids.slice(2)) await run(id, { type: 'ForwardStep', assignee: { id: 'ld-01' }, at: vn('2025-10-06T11:00') });
      await run(ids[3]!, { type: 'ForwardStep', at: vn('2025-10-06T14:00') });
      const follower = followDossierList({ store, table, load: (id) => engine.get(id) });
      await follower.catchUp();
      for (const id of ids) expect(await table.get(id)).toEqual(dossierListRow(await engine.get(id)));
      const rows = await Promise.all(ids.map(async (id) => (await table.get(id))!));
      expect(rows.map((r) => [r.step, r.assignee, r.holder, r.awaitingSignature])).toEqual([
        ['draft', 'cv-01', 'cv-01', false],
        ['review', 'lp-01', 'lp-01', false],
        ['sign', 'ld-01', 'ld-01', true],
        [null, null, 'cv-01', false], // signed: back with the specialist, who records the result
      ]);
      // Wed 08/10: the draft (16 h from Mon 09:00) is overdue; the 4-hour review and signature too.
      const now = toVietnamInstant(Date.parse('2025-10-08T16:00:00+07:00'));
      const list = async (who: string, kind: 'mine' | 'awaitingSignature') => (await table.worklist({ officer: who }, kind, now)).rows.map((r) => ids.indexOf(r.dossierId));
      expect(await list('ld-01', 'awaitingSignature')).toEqual([2]);
      expect(await list('lp-01', 'awaitingSignature')).toEqual([]);
      expect((await list('cv-01', 'mine')).sort()).toEqual([0, 3]);
      expect(await list('lp-01', 'mine')).toEqual([1]);
      expect((await table.list({ filter: { step: 'review' } })).rows.map((r) => r.dossierId)).toEqual([ids[1]]);
    } finally {
      await close();
    }
  }, 120_000);
});

describe('an older SQLite table gets the step columns and is rebuilt', () => {
  it('ALTER TABLE adds them, the checkpoint goes back to 0, the follower refills every row', async () => {
    const store = await createSqliteEventStore({ filename: ':memory:' });
    try {
      const engine = createEngine({ store, catalog: approvalSampleCatalog(), policy: 'none', clock: () => new Date('2030-01-01T00:00:00Z') });
      const id = randomUUID();
      const run = (body: CommandBody) => engine.execute({ ...body, actor: officer, commandId: randomUUID(), dossierId: id } as CommandInput);
      await run({ type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct', at: vn('2025-10-06T08:00') });
      await run({ type: 'TransferDossier', at: vn('2025-10-06T09:00') });
      // The table as it was before the steps (its DDL of commit 4d4a7de), with a row and a checkpoint.
      store.db.exec(`CREATE TABLE motcua_dossier_list (
        dossier_id TEXT PRIMARY KEY, code TEXT, unit TEXT, handling_unit TEXT, procedure TEXT,
        state TEXT NOT NULL, top_level TEXT NOT NULL, national_status INTEGER, officer TEXT, channel TEXT,
        received_at TEXT, received_ms INTEGER, due_date TEXT, due_at TEXT, due_ms INTEGER,
        open INTEGER NOT NULL, awaiting_signature INTEGER NOT NULL, applicant_name TEXT, applicant_folded TEXT, id_number TEXT,
        version INTEGER NOT NULL, due_key INTEGER NOT NULL, received_key INTEGER NOT NULL, code_key TEXT NOT NULL) WITHOUT ROWID`);
      store.db.exec(
        `INSERT INTO motcua_dossier_list VALUES ('${id}', NULL, NULL, NULL, NULL, 'processing', 'processing', 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 0, NULL, NULL, NULL, 2, 0, 0, '')`,
      );
      await store.transaction((tx) => tx.saveProjection('table:motcua_dossier_list', { state: null, position: 2 }));
      const table = createSqliteDossierList(store);
      expect(await table.checkpoint()).toBe(0);
      expect(await table.all()).toEqual([]);
      await followDossierList({ store, table, load: (dossierId) => engine.get(dossierId) }).catchUp();
      expect(await table.get(id)).toEqual(dossierListRow(await engine.get(id)));
      expect((await table.get(id))?.step).toBe('draft');
    } finally {
      await store.close();
    }
  });
});

describe('an older PostgreSQL table gets the step columns and is rebuilt', () => {
  it('ALTER TABLE adds them, the checkpoint goes back to 0, the follower refills every row', async () => {
    const pool = backends.find((backend) => backend.name === 'postgres')!.pool!();
    const schema = `dl_old_${process.pid}`;
    const store = await createPostgresEventStore({ pool, schema });
    try {
      const engine = createEngine({ store, catalog: approvalSampleCatalog(), policy: 'none', clock: () => new Date('2030-01-01T00:00:00Z') });
      const id = randomUUID();
      const run = (body: CommandBody) => engine.execute({ ...body, actor: officer, commandId: randomUUID(), dossierId: id } as CommandInput);
      await run({ type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct', at: vn('2025-10-06T08:00') });
      await run({ type: 'TransferDossier', at: vn('2025-10-06T09:00') });
      // The table as it was before the steps (its DDL before commit 4a51125), with a row and a checkpoint.
      const c = 'COLLATE "C"';
      await pool.query(`CREATE TABLE ${schema}.dossier_list (
        dossier_id text ${c} PRIMARY KEY, code text ${c}, unit text ${c}, handling_unit text ${c}, procedure text ${c},
        state text ${c} NOT NULL, top_level text ${c} NOT NULL, national_status smallint, officer text ${c}, channel text ${c},
        received_at text, received_ms bigint, due_date text ${c}, due_at text, due_ms bigint,
        open smallint NOT NULL, awaiting_signature smallint NOT NULL, applicant_name text, applicant_folded text ${c}, id_number text ${c},
        version integer NOT NULL, due_key bigint NOT NULL, received_key bigint NOT NULL, code_key text ${c} NOT NULL)`);
      await pool.query(
        `INSERT INTO ${schema}.dossier_list VALUES ($1, NULL, NULL, NULL, NULL, 'processing', 'processing', 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 0, NULL, NULL, NULL, 2, 0, 0, '')`,
        [id],
      );
      await store.saveProjection('table:dossier_list', { state: null, position: 2 });
      const table = await createPostgresDossierList({ store, schema });
      expect(await table.checkpoint()).toBe(0);
      expect(await table.all()).toEqual([]);
      const { rows } = await pool.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [schema, 'dossier_list']);
      expect(rows.map((row: { column_name: string }) => row.column_name)).toEqual(expect.arrayContaining(['step', 'assignee', 'step_due_at', 'holder']));
      await followDossierList({ store, table, load: (dossierId) => engine.get(dossierId) }).catchUp();
      expect(await table.get(id)).toEqual(dossierListRow(await engine.get(id)));
      expect((await table.get(id))?.step).toBe('draft');
      // opening it again changes nothing: the rows stay, the checkpoint stays
      const again = await createPostgresDossierList({ store, schema });
      expect(await again.checkpoint()).toBe(await table.checkpoint());
      expect(await again.get(id)).toEqual(dossierListRow(await engine.get(id)));
    } finally {
      await store.close();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });
});
