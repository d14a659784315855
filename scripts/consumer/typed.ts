// A consumer's TypeScript file, type-checked by scripts/consumer-test.mjs with strict, module/moduleResolution
// nodenext and WITHOUT skipLibCheck against the installed tarballs: every published declaration file is
// checked, and the `false` annotations below fail to compile if an export's type degrades to `any`.
import { computeDue, vietnamCalendar, type Due, type LocalDate } from '@motcua/calendar';
import { createCatalog, createEngine, defineProcedure, MotcuaError, type CommandInput, type DossierState, type Engine, type ExecuteResult } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import type { matchesFilter } from '@motcua/core/store-kit';
import { report06a, timelinessProjection, type Report06aRow } from '@motcua/projections';
import type { createPostgresEventStore } from '@motcua/store-postgres';
import { createSqliteEventStore, type SqliteEventStore } from '@motcua/store-sqlite';

type IsAny<T> = 0 extends 1 & T ? true : false;

const procedure = defineProcedure({
  code: '2.002030',
  name: { vi: 'Đăng ký thành lập doanh nghiệp tư nhân' },
  field: { code: 'TLDN', name: 'Thành lập và hoạt động doanh nghiệp' },
  level: 'province',
  agency: { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' },
  timeLimit: { statutory: { unit: 'workingDays', value: 3 } },
  validFrom: '2021-03-04',
});
const catalog = createCatalog({ procedures: [procedure] });
const store: SqliteEventStore = await createSqliteEventStore({ filename: 'motcua.db' });
const engine: Engine = createEngine({ store, catalog, calendar: vietnamCalendar() });

const command: CommandInput = {
  type: 'ReceiveDossier',
  commandId: '0190a5a4-7b9e-7c3a-8f00-000000000001',
  dossierId: '0190a5a4-7b9e-7c3a-8f00-000000000002',
  actor: { id: 'cb-01', role: 'receivingOfficer', unit: '000.00.06.H56' },
  procedureCode: '2.002030',
  unit: { code: '000.00.06.H56', name: 'Trung tâm Phục vụ hành chính công' },
  applicant: { name: 'Nguyễn Văn An' },
  channel: 'direct',
  at: '2023-10-27T09:32:00+07:00',
};
const result: ExecuteResult = await engine.execute(command);
const state: DossierState = result.state;
const code: string | undefined = state.dossierCode;
const dueDate: LocalDate | undefined = state.due?.legal.date;
const due: Due = computeDue('2023-10-27T09:32:00+07:00', { unit: 'workingDays', value: 3 }, vietnamCalendar());

const timeliness = timelinessProjection();
const rows: Report06aRow[] = report06a(timeliness.init(), { projection: timeliness, catalog: sampleCatalog(), from: '2023-10-01', to: '2023-10-31' });
const onTime: number | null = rows[0]?.onTimeRate ?? null;

const notAny: [IsAny<typeof engine>, IsAny<typeof state>, IsAny<typeof rows>, IsAny<typeof createPostgresEventStore>, IsAny<typeof matchesFilter>, IsAny<typeof due>] = [
  false,
  false,
  false,
  false,
  false,
  false,
];
const codeOf = (e: unknown): string | undefined => (e instanceof MotcuaError ? e.code : undefined);

console.log(code, dueDate, onTime, notAny, codeOf(new Error('x')));
await store.close();
