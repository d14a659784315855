/**
 * Worked examples of the worklists' due date and stopped clock, through the
 * real engine, on any dossier-list table (SQLite here, PostgreSQL in its own
 * package). Dates are read from the rules by hand (procedure 2.002030, three
 * working days, received in July 2025: NĐ 118/2025; in June 2025 for the NĐ 61/2018 pack), not from the code.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createEngine, followDossierList, type CommandBody, type DossierListTable, type EventStore, type WorklistKind, type WorklistScope } from '@motcua/core';
import { UNITS, walkCatalog } from './worklist-walk';

export interface OpenedTable {
  store: EventStore;
  table: DossierListTable;
  close(): Promise<void>;
}

const UNIT = UNITS[0]!;
const vn = (local: string) => `${local}:00.000+07:00`;
const INTAKE = { procedureCode: '2.002030', unit: UNIT, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct', components: [] };
const receive = { type: 'ReceiveDossier', ...INTAKE } as CommandBody;
const transfer = { type: 'TransferDossier', mode: 'electronic' } as CommandBody;
const supplement = { type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ' }], reason: 'Thiếu giấy tờ' } as CommandBody;
const provide = { type: 'ProvideSupplement' } as CommandBody;
const withdraw = { type: 'RequestWithdrawal', reason: 'Công dân rút hồ sơ' } as CommandBody;
const apology = (newDueDate: string) => ({ type: 'IssueApology', reason: 'Chậm thẩm định', lateUnit: 'Phòng chuyên môn', newDueDate }) as CommandBody;

/** A desk on `opened`: run commands at local times, read rows and worklists (the follower caught up first). */
export function desk(opened: OpenedTable) {
  const { store, table } = opened;
  const engine = createEngine({ store, catalog: walkCatalog(), cacheSize: 0, policy: 'none' });
  const follower = followDossierList({ store, table, load: (id) => engine.get(id) });
  const caughtUp = async () => {
    await store.waitUntilReadable();
    await follower.catchUp();
  };
  return {
    engine,
    async run(dossierId: string, steps: [string, CommandBody][]) {
      for (const [at, body] of steps)
        await engine.execute({ ...body, dossierId, commandId: randomUUID(), actor: { id: 'cv-01', role: 'officer', unit: UNIT.code }, at: vn(at) } as never);
    },
    async row(dossierId: string) {
      await caughtUp();
      return (await table.get(dossierId))!;
    },
    async ids(kind: WorklistKind, at: string, scope: WorklistScope = { unit: UNIT.code }) {
      await caughtUp();
      return (await table.worklist(scope, kind, vn(at))).rows.map((r) => r.dossierId);
    },
  };
}

/** Register the examples (call inside a `describe`); `open` gives a fresh, empty table. */
export function worklistExamples(open: () => Promise<OpenedTable>): void {
  // Received Mon 07/07/2025 09:00: due Thu 10/07. Form 04 on 08/07 09:00 moves it to 15/07; a supplement is requested
  // an hour later and provided on Mon 14/07: the time limit restarts from zero, three working days → Thu 17/07.
  const rescheduleThenSupplement: [string, CommandBody][] = [
    ['2025-07-07T09:00', receive],
    ['2025-07-07T09:30', transfer],
    ['2025-07-08T09:00', apology('2025-07-15')],
    ['2025-07-08T10:00', supplement],
  ];

  it('reschedule, then a supplement provided: the restarted legal date (17/07) is in force, not overdue on 16/07', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      await d.run(id, [...rescheduleThenSupplement, ['2025-07-14T09:00', provide]]);
      const row = await d.row(id);
      expect(row.dueDate).toBe('2025-07-17');
      expect(row.dueAt?.slice(0, 10)).toBe('2025-07-17');
      expect(await d.ids('overdue', '2025-07-16T09:00')).toEqual([]);
      expect(await d.ids('dueToday', '2025-07-16T09:00')).toEqual([]);
      expect(await d.ids('dueToday', '2025-07-17T09:00')).toEqual([id]);
      expect(await d.ids('overdue', '2025-07-18T08:00')).toEqual([id]);
      expect(row.clockStopped).toBeUndefined();
    } finally {
      await opened.close();
    }
  });

  it('reschedule, then a supplement still awaited: the rescheduled date shown, in no overdue list while waiting', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      await d.run(id, rescheduleThenSupplement);
      expect(await d.row(id)).toMatchObject({ dueDate: '2025-07-15', clockStopped: 'supplement' });
      expect(await d.ids('overdue', '2025-07-11T09:00')).toEqual([]); // the original due date passed while the clock is stopped
      expect(await d.ids('overdue', '2025-07-16T09:00')).toEqual([]); // and the rescheduled one too
      expect(await d.ids('dueToday', '2025-07-15T09:00')).toEqual([]);
      expect(await d.ids('mine', '2025-07-16T09:00')).toEqual([id]);
    } finally {
      await opened.close();
    }
  });

  it('waiting on a supplement requested within time (on the due day): in no overdue or due-today list, still mine', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      await d.run(id, [
        ['2025-07-07T09:00', receive],
        ['2025-07-07T09:30', transfer],
        ['2025-07-10T16:30', supplement], // due Thu 10/07: requested on the due day, within time
      ]);
      expect(await d.row(id)).toMatchObject({ dueDate: '2025-07-10', clockStopped: 'supplement', open: true, nationalStatus: 5 });
      expect(await d.ids('dueToday', '2025-07-10T16:45')).toEqual([]);
      expect(await d.ids('overdue', '2025-07-11T09:00')).toEqual([]);
      expect(await d.ids('overdue', '2025-08-29T09:00')).toEqual([]);
      expect(await d.ids('mine', '2025-07-11T09:00')).toEqual([id]);
    } finally {
      await opened.close();
    }
  });

  it('a supplement requested after the due date stops nothing: still overdue while waiting', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      await d.run(id, [
        ['2025-07-07T09:00', receive],
        ['2025-07-07T09:30', transfer],
        ['2025-07-11T09:00', supplement], // the day after the due date (Thu 10/07)
      ]);
      const row = await d.row(id);
      expect(row).toMatchObject({ dueDate: '2025-07-10', open: true, nationalStatus: 5 });
      expect(row.clockStopped).toBeUndefined();
      expect(await d.ids('overdue', '2025-07-11T10:00')).toEqual([id]);
      expect(await d.ids('overdue', '2025-07-16T09:00')).toEqual([id]);
    } finally {
      await opened.close();
    }
  });

  it('a supplement requested after the due date and then answered restarts nothing: the date stays, still overdue (as 06a counts it)', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      await d.run(id, [
        ['2025-07-07T09:00', receive],
        ['2025-07-07T09:30', transfer],
        ['2025-07-11T09:00', supplement], // the day after the due date (Thu 10/07)
        ['2025-07-14T09:00', provide],
      ]);
      // A late request buys no new time limit: the engine keeps Thu 10/07 (not Mon 14/07 + 3 working days = 17/07),
      // and the list shows the date in force at the request, as the reports and Form 05 do (docs/metrics.md §2).
      expect((await d.engine.get(id)).due?.legal.date).toBe('2025-07-10');
      const row = await d.row(id);
      expect(row).toMatchObject({ dueDate: '2025-07-10', open: true, nationalStatus: 4 });
      expect(row.clockStopped).toBeUndefined();
      expect(await d.ids('overdue', '2025-07-14T10:00')).toEqual([id]);
      expect(await d.ids('overdue', '2025-07-16T09:00')).toEqual([id]);
      expect(await d.ids('dueToday', '2025-07-17T09:00')).toEqual([]);
      // Form 04 issued afterwards still gives a new date in force (Tue 22/07), as in the reports' `rescheduled` reading.
      await d.run(id, [['2025-07-15T09:00', apology('2025-07-22')]]);
      expect(await d.row(id)).toMatchObject({ dueDate: '2025-07-22' });
      expect(await d.ids('overdue', '2025-07-16T09:00')).toEqual([]);
      expect(await d.ids('dueToday', '2025-07-22T09:00')).toEqual([id]);
      expect(await d.ids('overdue', '2025-07-23T00:00')).toEqual([id]);
    } finally {
      await opened.close();
    }
  });

  it("Form 04, then a supplement requested after its date and answered: Form 04's date stays", async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      await d.run(id, [
        ['2025-07-07T09:00', receive],
        ['2025-07-07T09:30', transfer],
        ['2025-07-08T09:00', apology('2025-07-15')],
        ['2025-07-16T09:00', supplement], // the day after Form 04's date
        ['2025-07-18T09:00', provide], // a restart would give Fri 18/07 + 3 working days → Wed 23/07
      ]);
      expect((await d.engine.get(id)).due?.legal.date).not.toBe('2025-07-23');
      expect(await d.row(id)).toMatchObject({ dueDate: '2025-07-15' });
      expect(await d.ids('overdue', '2025-07-18T10:00')).toEqual([id]);
      expect(await d.ids('dueToday', '2025-07-23T09:00')).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('NĐ 61/2018 (several requests): a restart within time counts, a later request after the new date restarts nothing', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      // Received Mon 02/06/2025 (NĐ 61/2018 pack): due Thu 05/06.
      await d.run(id, [
        ['2025-06-02T09:00', receive],
        ['2025-06-02T09:30', transfer],
        ['2025-06-04T09:00', supplement], // within time
        ['2025-06-09T09:00', provide], // restart: Mon 09/06 + 3 working days → Thu 12/06
        ['2025-06-13T09:00', supplement], // the day after 12/06: late
      ]);
      expect(await d.row(id)).toMatchObject({ dueDate: '2025-06-12', nationalStatus: 5 });
      expect(await d.ids('overdue', '2025-06-13T10:00')).toEqual([id]);
      await d.run(id, [['2025-06-16T09:00', provide]]); // a restart would give Thu 19/06
      expect((await d.engine.get(id)).due?.legal.date).toBe('2025-06-12');
      expect(await d.row(id)).toMatchObject({ dueDate: '2025-06-12', nationalStatus: 4 });
      expect(await d.ids('overdue', '2025-06-16T10:00')).toEqual([id]);
      expect(await d.ids('dueToday', '2025-06-19T09:00')).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('a withdrawn dossier (only StopProcessing can follow) is in no overdue or due-today list, still mine until stopped', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const id = randomUUID();
      await d.run(id, [
        ['2025-07-07T09:00', receive],
        ['2025-07-07T09:30', transfer],
        ['2025-07-09T10:00', withdraw],
      ]);
      expect(await d.row(id)).toMatchObject({ dueDate: '2025-07-10', clockStopped: 'withdrawal', open: true, nationalStatus: 7 });
      expect(await d.ids('dueToday', '2025-07-10T09:00')).toEqual([]);
      expect(await d.ids('overdue', '2025-07-11T09:00')).toEqual([]);
      expect(await d.ids('mine', '2025-07-11T09:00')).toEqual([id]);
      // A withdrawal after the due date: no longer overdue either (reports count it ended).
      const late = randomUUID();
      await d.run(late, [
        ['2025-07-07T09:00', receive],
        ['2025-07-07T09:30', transfer],
      ]);
      expect(await d.ids('overdue', '2025-07-14T09:00')).toEqual([late]);
      await d.run(late, [['2025-07-14T10:00', withdraw]]);
      expect(await d.ids('overdue', '2025-07-14T11:00')).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('working-hour limits compare minutes: a request at the due instant stops the clock, one a minute later does not', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const hours = { type: 'ReceiveDossier', ...INTAKE, procedureCode: '9.000008' } as CommandBody;
      const [onTime, late] = [randomUUID(), randomUUID()];
      for (const id of [onTime, late]) await d.run(id, [['2025-07-07T09:00', hours]]);
      const due = (await d.engine.get(onTime)).due!.legal;
      const local = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
      const dueMs = Date.parse(due.at);
      await d.run(onTime, [
        [local(Date.parse('2025-07-07T09:30:00+07:00')), transfer],
        [local(dueMs), supplement],
      ]);
      await d.run(late, [
        [local(Date.parse('2025-07-07T09:30:00+07:00')), transfer],
        [local(dueMs + 60_000), supplement],
      ]);
      expect((await d.row(onTime)).clockStopped).toBe('supplement');
      expect((await d.row(late)).clockStopped).toBeUndefined();
      expect(await d.ids('overdue', local(dueMs + 120_000))).toEqual([late]);
    } finally {
      await opened.close();
    }
  });

  // 9.000008, 8 working hours, received Mon 07/07/2025 17:30 (closed): Tue 08/07 07:00–11:30 (4 h 30) + 13:30–17:00
  // (3 h 30) → due Tue 17:00. The evening and the night add no working time: passed from Wed 09/07 07:00:00.001.
  it('a working-hour due at the end of the day is passed from the next opening: not overdue at 17:30 or Wed 07:00, overdue at 07:00:00.001', async () => {
    const opened = await open();
    try {
      const d = desk(opened);
      const hours = { type: 'ReceiveDossier', ...INTAKE, procedureCode: '9.000008' } as CommandBody;
      const [open, waiting] = [randomUUID(), randomUUID()];
      for (const id of [open, waiting]) await d.run(id, [['2025-07-07T17:30', hours]]);
      // A supplement requested at 17:30, right after the due: within time, the clock stops.
      await d.run(waiting, [
        ['2025-07-08T09:00', transfer],
        ['2025-07-08T17:30', supplement],
      ]);
      expect(await d.row(open)).toMatchObject({ dueAt: vn('2025-07-08T17:00'), overdueFromMs: Date.parse('2025-07-09T07:00:00.001+07:00') });
      expect((await d.row(waiting)).clockStopped).toBe('supplement');
      const overdue = async (at: string) => {
        await d.row(open); // caught up
        return (await opened.table.worklist({ unit: UNIT.code }, 'overdue', at)).rows.map((r) => r.dossierId);
      };
      expect(await overdue('2025-07-08T17:30:00.000+07:00')).toEqual([]);
      expect(await overdue('2025-07-09T06:59:00.000+07:00')).toEqual([]);
      expect(await overdue('2025-07-09T07:00:00.000+07:00')).toEqual([]);
      expect(await overdue('2025-07-09T07:00:00.001+07:00')).toEqual([open]);
      // Due today on Tuesday (its due date), in neither list on Wednesday before the opening.
      expect(await d.ids('dueToday', '2025-07-08T17:30')).toEqual([open]);
      expect(await d.ids('dueToday', '2025-07-09T06:00')).toEqual([]);
    } finally {
      await opened.close();
    }
  });
}
