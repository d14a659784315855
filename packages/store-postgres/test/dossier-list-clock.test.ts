/**
 * The worklists' due date and stopped clock on PostgreSQL (docs/worklists.md;
 * domain §10: paused dossiers shown overdue): the same worked examples and
 * property over random command walks as on SQLite (the walk, the oracle
 * written from the rules and the examples live in the SQLite package's
 * test/support), and the forward migration of an older table.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, followDossierList, type DossierListRow } from '@motcua/core';
import { createPostgresDossierList, createPostgresEventStore } from '@motcua/store-postgres';
import { worklistExamples } from '../../store-sqlite/test/support/worklist-examples';
import { OFFICERS, UNITS, instantsAfter, oracleDossiers, oracleWorklist, runWalk, walkArb, walkCatalog, worklistIds } from '../../store-sqlite/test/support/worklist-walk';
import { ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer(8);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function open() {
  const schema = uniqueSchema('dlc');
  const store = await createPostgresEventStore({ pool: own.pool, schema });
  const table = await createPostgresDossierList({ store, schema });
  return {
    store,
    table,
    async close() {
      await store.close();
      await own.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

describe('dossier list on PostgreSQL: due date in force and stopped clock (examples)', () => {
  worklistExamples(open);
});

describe('dossier list on PostgreSQL: overdue and due-today worklists = the oracle (property)', () => {
  it('random command walks through the engine: rows carry the due date in force; worklists match at every instant looked at', async () => {
    let listed = 0;
    const seen = { within: 0, late: 0, withdrawn: 0 };
    await fc.assert(
      fc.asyncProperty(walkArb, async (walk) => {
        const opened = await open();
        try {
          await runWalk(walk, opened.store, opened.table, async (lastMs) => {
            const dossiers = await oracleDossiers(opened.store);
            for (const d of dossiers) {
              const row = (await opened.table.get(d.id))!;
              expect({ dueDate: row.dueDate, dueAt: row.dueAt }).toEqual({ dueDate: d.due?.date ?? null, dueAt: d.due?.at ?? null });
              if (d.seen.waiting) seen[d.seen.waiting]++;
              if (d.seen.withdrawn) seen.withdrawn++;
            }
            const scopes = [...UNITS.map((u) => ({ unit: u.code })), ...OFFICERS.map((officer) => ({ officer }))];
            for (const now of instantsAfter(dossiers, lastMs, [0, DAY, 30 * DAY]))
              for (const scope of scopes)
                for (const kind of ['overdue', 'dueToday'] as const) {
                  const want = oracleWorklist(dossiers, scope, kind, now);
                  expect(await worklistIds(opened.table, scope, kind, now), `${kind} ${JSON.stringify(scope)} at ${now}`).toEqual(want);
                  listed += want.length;
                }
          });
        } finally {
          await opened.close();
        }
      }),
      { numRuns: 25 },
    );
    expect(listed).toBeGreaterThan(20);
    for (const [name, n] of Object.entries(seen)) expect(n, name).toBeGreaterThan(0);
  }, 600_000);
});

describe('dossier list on PostgreSQL: an older table', () => {
  it('a table made before the stopped clock gets its columns, is emptied with its checkpoint at 0, and the follower rebuilds it', async () => {
    const schema = uniqueSchema('dlc_old');
    const store = await createPostgresEventStore({ pool: own.pool, schema });
    try {
      const engine = createEngine({ store, catalog: walkCatalog(), cacheSize: 0, policy: 'none' });
      const id = randomUUID();
      const steps: [string, Record<string, unknown>][] = [
        ['2025-07-07T09:00', { type: 'ReceiveDossier', procedureCode: '2.002030', unit: UNITS[0]!, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct', components: [] }],
        ['2025-07-07T09:30', { type: 'TransferDossier', mode: 'electronic' }],
        ['2025-07-10T10:00', { type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }],
      ];
      for (const [at, body] of steps)
        await engine.execute({ ...body, dossierId: id, commandId: randomUUID(), actor: { id: 'cv-01', role: 'officer', unit: UNITS[0]!.code }, at: `${at}:00.000+07:00` } as never);
      await store.waitUntilReadable();
      // The table as the previous release created it (no clock_stopped / clock_running), caught up, with a stale row.
      const c = 'COLLATE "C"';
      await own.pool.query(`CREATE TABLE ${schema}.dossier_list (
        dossier_id text ${c} PRIMARY KEY,
        code text ${c}, unit text ${c}, handling_unit text ${c}, procedure text ${c},
        state text ${c} NOT NULL, top_level text ${c} NOT NULL, national_status smallint,
        officer text ${c}, channel text ${c},
        received_at text, received_ms bigint, due_date text ${c}, due_at text, due_ms bigint,
        open smallint NOT NULL, awaiting_signature smallint NOT NULL,
        applicant_name text, applicant_folded text ${c}, id_number text ${c},
        version integer NOT NULL,
        due_key bigint NOT NULL, received_key bigint NOT NULL, code_key text ${c} NOT NULL,
        step text ${c}, assignee text ${c}, step_due_at text, holder text ${c}
      )`);
      const due = Date.parse('2025-07-10T17:00:00+07:00');
      await own.pool.query(
        `INSERT INTO ${schema}.dossier_list (dossier_id, state, top_level, unit, due_date, due_at, due_ms, open, awaiting_signature, version, due_key, received_key, code_key)
         VALUES ($1, 'supplementRequested', 'supplementRequested', $2, '2025-07-10', '2025-07-10T17:00:00.000+07:00', $3, 1, 0, 3, $3, 0, '')`,
        [id, UNITS[0]!.code, due],
      );
      await store.saveProjection('table:dossier_list', { state: null, position: await store.headPosition() });

      const table = await createPostgresDossierList({ store, schema });
      const { rows } = await own.pool.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [schema, 'dossier_list']);
      expect(rows.map((r: { column_name: string }) => r.column_name)).toEqual(expect.arrayContaining(['clock_stopped', 'clock_running']));
      expect(await table.all()).toEqual([]);
      expect(await table.checkpoint()).toBe(0);
      await followDossierList({ store, table, load: (x) => engine.get(x) }).catchUp();
      expect(await table.get(id)).toMatchObject({ clockStopped: 'supplement', dueDate: '2025-07-10' } satisfies Partial<DossierListRow>);
      expect((await table.worklist({ unit: UNITS[0]!.code }, 'overdue', '2025-07-11T09:00:00.000+07:00')).rows).toEqual([]);
      await createPostgresDossierList({ store, schema }); // opening it again changes nothing
      expect((await table.all()).length).toBe(1);
      expect(await table.checkpoint()).toBe(await store.headPosition());
    } finally {
      await store.close();
      await own.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });
  // 9.000008 (8 working hours) received Mon 07/07/2025 17:30 → due Tue 08/07 17:00, passed from Wed 07:00:00.001. The
  // previous release listed it overdue from Tue 17:00:00.001 (`due_key` = the due instant).
  it('a table made before the working-time due of hour limits gets `overdue_from_ms`, is emptied and rebuilt: overdue only from the next opening', async () => {
    const schema = uniqueSchema('dlc_old2');
    const store = await createPostgresEventStore({ pool: own.pool, schema });
    try {
      const engine = createEngine({ store, catalog: walkCatalog(), cacheSize: 0, policy: 'none' });
      const id = randomUUID();
      const intake = { type: 'ReceiveDossier', procedureCode: '9.000008', unit: UNITS[0]!, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct', components: [] };
      await engine.execute({
        ...intake,
        dossierId: id,
        commandId: randomUUID(),
        actor: { id: 'cv-01', role: 'officer', unit: UNITS[0]!.code },
        at: '2025-07-07T17:30:00.000+07:00',
      } as never);
      await store.waitUntilReadable();
      const c = 'COLLATE "C"';
      await own.pool.query(`CREATE TABLE ${schema}.dossier_list (
        dossier_id text ${c} PRIMARY KEY,
        code text ${c}, unit text ${c}, handling_unit text ${c}, procedure text ${c},
        state text ${c} NOT NULL, top_level text ${c} NOT NULL, national_status smallint,
        officer text ${c}, channel text ${c},
        received_at text, received_ms bigint, due_date text ${c}, due_at text, due_ms bigint,
        open smallint NOT NULL, awaiting_signature smallint NOT NULL,
        applicant_name text, applicant_folded text ${c}, id_number text ${c},
        version integer NOT NULL,
        due_key bigint NOT NULL, received_key bigint NOT NULL, code_key text ${c} NOT NULL,
        step text ${c}, assignee text ${c}, step_due_at text, holder text ${c},
        clock_stopped text ${c}, clock_running smallint NOT NULL
      )`);
      const due = Date.parse('2025-07-08T17:00:00+07:00');
      await own.pool.query(
        `INSERT INTO ${schema}.dossier_list (dossier_id, state, top_level, unit, due_date, due_at, due_ms, open, awaiting_signature, version, due_key, received_key, code_key, clock_running)
         VALUES ($1, 'received', 'received', $2, '2025-07-08', '2025-07-08T17:00:00.000+07:00', $3, 1, 0, 1, $3, 0, '', 1)`,
        [id, UNITS[0]!.code, due],
      );
      await store.saveProjection('table:dossier_list', { state: null, position: await store.headPosition() });

      const table = await createPostgresDossierList({ store, schema });
      const { rows } = await own.pool.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [schema, 'dossier_list']);
      expect(rows.map((r: { column_name: string }) => r.column_name)).toContain('overdue_from_ms');
      expect(await table.all()).toEqual([]);
      expect(await table.checkpoint()).toBe(0);
      await followDossierList({ store, table, load: (x) => engine.get(x) }).catchUp();
      expect(await table.get(id)).toMatchObject({ dueAt: '2025-07-08T17:00:00.000+07:00', overdueFromMs: Date.parse('2025-07-09T07:00:00.001+07:00') });
      const overdue = async (at: string) => (await table.worklist({ unit: UNITS[0]!.code }, 'overdue', at)).rows.map((r) => r.dossierId);
      expect(await overdue('2025-07-08T18:00:00.000+07:00')).toEqual([]);
      expect(await overdue('2025-07-09T07:00:00.001+07:00')).toEqual([id]);
    } finally {
      await store.close();
      await own.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });
});
